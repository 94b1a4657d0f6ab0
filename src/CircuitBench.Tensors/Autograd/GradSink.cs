namespace CircuitBench.Tensors.Autograd;

/// <summary>Collects the input gradients a <see cref="BackwardFn"/> computes, adding them to what is already there.</summary>
public sealed class GradSink
{
    private readonly GradTape _tape;
    private readonly Dictionary<Tensor, Tensor> _leafGrads;
    private Tensor[] _inputs = [];

    /// <param name="tape">The tape running backward; tensors it did not produce are treated as leaves.</param>
    /// <param name="leafGrads">This pass's leaf gradients, added to <see cref="Tensor.Grad"/> at the end.</param>
    internal GradSink(GradTape tape, Dictionary<Tensor, Tensor> leafGrads)
    {
        _tape = tape;
        _leafGrads = leafGrads;
    }

    private Tensor? _releasedGrad;

    /// <summary>Binds the inputs of the step about to run; <paramref name="releasedGrad"/> is its output gradient when the tape releases it after the step (null when retained).</summary>
    internal void Bind(Tensor[] inputs, Tensor? releasedGrad)
    {
        _inputs = inputs;
        _releasedGrad = releasedGrad;
    }

    /// <summary>True when input <paramref name="index"/> needs a gradient (skip the work otherwise).</summary>
    public bool Wants(int index) => _inputs[index].RequiresGrad;

    /// <summary>Adds <paramref name="part"/> to input <paramref name="index"/>'s gradient; <paramref name="part"/> is copied, not kept.</summary>
    public void Add(int index, Tensor part) => Accumulate(_inputs[index], part, owned: false);

    /// <summary>Adds a freshly made <paramref name="part"/>; the sink takes it over (no copy) and may dispose it.</summary>
    public void AddOwned(int index, Tensor part) => Accumulate(_inputs[index], part, owned: true);

    /// <summary>
    /// Adds <paramref name="gradOutput"/>, read with <paramref name="shape"/> (default: its own shape), to input
    /// <paramref name="index"/>'s gradient, for ops whose input gradient is their output gradient unchanged (reshapes,
    /// an operand of a sum). When the tape releases the output gradient after this step, its storage is handed over
    /// instead of copied, so call this last in a backward function, after every other read of <paramref name="gradOutput"/>.
    /// </summary>
    public void AddPassThrough(int index, Tensor gradOutput, int[]? shape = null)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var target = _inputs[index];
        if (!target.RequiresGrad) return;
        var dims = shape ?? gradOutput.Shape.ToArray();
        if (ReferenceEquals(gradOutput, _releasedGrad) && gradOutput.OwnsStorage)
        {
            _releasedGrad = null;
            Accumulate(target, gradOutput.MoveStorage(dims), owned: true);
        }
        else Accumulate(target, gradOutput.ViewAs(dims), owned: false);
    }

    internal void Accumulate(Tensor target, Tensor part, bool owned)
    {
        if (!target.RequiresGrad) return;
        if (!ShapeMath.SameShape(target.Shape, part.Shape))
            throw new InvalidOperationException($"Gradient {part} does not match its tensor {target} (a backward function is wrong).");
        var isLeaf = target.ProducerIndex < 0 || target.Tape != _tape;
        var existing = isLeaf ? _leafGrads.GetValueOrDefault(target) : target.Grad;
        if (existing is null)
        {
            var grad = owned ? part : part.Clone();
            if (isLeaf) _leafGrads[target] = grad;
            else target.Grad = grad;
            return;
        }
        Kernels.AddInPlace(existing.Data, part.Data);
        if (owned) part.Dispose();
    }
}
