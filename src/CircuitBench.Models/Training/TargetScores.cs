using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Models.Training;

/// <summary>Per-position cross-entropy and correctness of a model's predictions on a batch (no gradients).</summary>
/// <param name="Loss">−log p(target) per position [batch·seq]; NaN where the target is ignored.</param>
/// <param name="Correct">True where the arg-max logit is the target [batch·seq]; false where ignored.</param>
public sealed record TargetScores(double[] Loss, bool[] Correct)
{
    /// <summary>Runs <paramref name="model"/> on the batch, optionally with <paramref name="hooks"/> attached for this call.</summary>
    public static TargetScores Of(HookedTransformer model, TrainingBatch batch, params (string Name, Tensors.Hooks.ForwardHook Hook)[] hooks)
    {
        using var _ = GradTape.NoGrad();
        var logProbs = Ops.LogSoftmax(model.RunWithHooks(batch.Tokens, hooks));        // [b, p, vocab]
        var vocab = logProbs.Dim(-1);
        var loss = new double[batch.Targets.Length];
        var correct = new bool[batch.Targets.Length];
        for (var i = 0; i < batch.Targets.Length; i++)
        {
            var target = batch.Targets[i];
            if (target == TrainingBatch.Ignore)
            {
                loss[i] = double.NaN;
                continue;
            }
            var row = logProbs.Data.Slice(i * vocab, vocab);
            loss[i] = -row[target];
            correct[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row) == target;
        }
        return new TargetScores(loss, correct);
    }

    /// <summary>Mean loss over the positions <paramref name="select"/> accepts (by flat index).</summary>
    public double MeanLoss(Func<int, bool> select) => Enumerable.Range(0, Loss.Length).Where(select).Average(i => Loss[i]);

    /// <summary>Fraction of correct predictions over the positions <paramref name="select"/> accepts (by flat index).</summary>
    public double Accuracy(Func<int, bool> select) => Enumerable.Range(0, Correct.Length).Where(select).Average(i => Correct[i] ? 1.0 : 0.0);
}
