namespace CircuitBench.Tensors.Autograd;

/// <summary>Computes the gradients of one recorded op's inputs from the gradient of its output.</summary>
/// <param name="gradOutput">Gradient of the op's output (same shape as the output).</param>
/// <param name="sink">Receives the gradient of each input that needs one.</param>
public delegate void BackwardFn(Tensor gradOutput, GradSink sink);

/// <summary>
/// A define-by-run autograd tape. While a tape is active on the current thread (between
/// <see cref="Begin"/> and <see cref="Dispose"/>), every op with an input that
/// <see cref="Tensor.RequiresGrad"/> records a backward step. <see cref="Backward"/> walks the
/// steps in reverse order; a tensor's gradient is complete when the walk reaches the step that
/// produced it, at which point its gradient hooks run and, unless retained, the gradient is released.
/// </summary>
public sealed class GradTape : IDisposable
{
    [ThreadStatic] private static GradTape? t_current;
    [ThreadStatic] private static int t_pausedDepth;

    private readonly GradTape? _previous;
    private readonly List<Step> _steps = [];
    private bool _disposed;

    private GradTape(GradTape? previous) => _previous = previous;

    private sealed record Step(Tensor Output, Tensor[] Inputs, BackwardFn Backward);

    /// <summary>Starts recording on the current thread; dispose to stop (tapes nest).</summary>
    public static GradTape Begin() => t_current = new GradTape(t_current);

    /// <summary>The tape recording on this thread, or null inside a no-grad scope or without a tape.</summary>
    internal static GradTape? Recording => t_pausedDepth > 0 ? null : t_current;

    /// <summary>True when operations on this thread are being recorded for a backward pass (a tape is open and not paused).</summary>
    public static bool IsRecording => Recording is not null;

    /// <summary>Number of recorded steps.</summary>
    public int StepCount => _steps.Count;

    /// <summary>Stops recording inside the returned scope (like <c>torch.no_grad()</c>).</summary>
    public static IDisposable NoGrad()
    {
        t_pausedDepth++;
        return new NoGradScope();
    }

    /// <summary>Records <paramref name="output"/> as produced from <paramref name="inputs"/> when any input requires a gradient.</summary>
    internal static Tensor Record(Tensor output, BackwardFn backward, params Tensor[] inputs)
    {
        var tape = Recording;
        if (tape is null || !inputs.Any(i => i.RequiresGrad)) return output;
        output.RequiresGrad = true;
        output.Tape = tape;
        output.ProducerIndex = tape._steps.Count;
        tape._steps.Add(new Step(output, inputs, backward));
        return output;
    }

    /// <summary>
    /// Back-propagates from <paramref name="output"/>, seeded with <paramref name="gradOutput"/>
    /// (ones when omitted, which requires a one-element output). Leaf gradients accumulate across calls.
    /// </summary>
    public void Backward(Tensor output, Tensor? gradOutput = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (output.Tape != this)
            throw new InvalidOperationException("Backward needs a tensor recorded on this tape (did the op run inside the tape scope, with an input that requires a gradient?).");
        if (gradOutput is null && output.Size != 1)
            throw new ArgumentException($"Backward without a seed gradient needs a one-element output; got {output}. Pass gradOutput.");
        if (gradOutput is not null && !ShapeMath.SameShape(gradOutput.Shape, output.Shape))
            throw new ArgumentException($"Seed gradient {gradOutput} does not match output {output}.");

        var leafGrads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        var sink = new GradSink(this, leafGrads);
        sink.Accumulate(output, gradOutput ?? Tensor.Ones([.. output.Shape]), owned: gradOutput is null);
        for (var i = output.ProducerIndex; i >= 0; i--)
        {
            var step = _steps[i];
            var grad = step.Output.Grad;
            if (grad is null) continue;
            step.Output.RunGradHooks(grad);
            sink.Bind(step.Inputs, step.Output.RetainsGrad ? null : grad);
            step.Backward(grad, sink);
            if (!step.Output.RetainsGrad)
            {
                step.Output.Grad = null;
                grad.Dispose();
            }
            else if (step.Output.Grad is { } retained) retained.Escaped = true;
        }
        foreach (var (leaf, grad) in leafGrads)
        {
            leaf.RunGradHooks(grad);
            if (leaf.Grad is null)
            {
                grad.Escaped = true;
                leaf.Grad = grad;
            }
            else
            {
                Kernels.AddInPlace(leaf.Grad.Data, grad.Data);
                grad.Dispose();
            }
        }
    }

    /// <summary>Stops recording and forgets the recorded steps.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _steps.Clear();
        if (t_current == this) t_current = _previous;
    }

    private sealed class NoGradScope : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            t_pausedDepth--;
        }
    }
}
