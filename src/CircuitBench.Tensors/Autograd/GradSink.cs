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

    internal void Bind(Tensor[] inputs) => _inputs = inputs;

    /// <summary>True when input <paramref name="index"/> needs a gradient (skip the work otherwise).</summary>
    public bool Wants(int index) => _inputs[index].RequiresGrad;

    /// <summary>Adds <paramref name="part"/> to input <paramref name="index"/>'s gradient; <paramref name="part"/> is copied, not kept.</summary>
    public void Add(int index, Tensor part) => Accumulate(_inputs[index], part, owned: false);

    /// <summary>Adds a freshly made <paramref name="part"/>; the sink takes it over (no copy) and may dispose it.</summary>
    public void AddOwned(int index, Tensor part) => Accumulate(_inputs[index], part, owned: true);

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
