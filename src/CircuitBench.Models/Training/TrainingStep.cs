using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Models.Training;

/// <summary>One optimizer step on a batch: mean next-token cross-entropy, backward, global-norm clipping, AdamW, zeroed gradients.</summary>
public static class TrainingStep
{
    /// <summary>Runs the step and returns the batch loss (before the update) and the gradient norm (before clipping).</summary>
    public static (float Loss, float GradNorm) Run(
        HookedTransformer model, IReadOnlyList<TrainableParameter> parameters, AdamW optimizer, TrainingBatch batch, float learningRate, float maxGradNorm)
    {
        float loss;
        using (var tape = GradTape.Begin())
        {
            var logits = model.Forward(batch.Tokens);                                          // [b, p, vocab]
            var flat = Ops.Reshape(logits, -1, model.Config.DVocab);                          // [b·p, vocab]
            var lossTensor = Ops.CrossEntropy(flat, batch.Targets, TrainingBatch.Ignore);     // scalar
            tape.Backward(lossTensor);
            loss = lossTensor.Item();
        }
        var tensors = parameters.Select(p => p.Tensor).ToArray();
        var norm = GradientClipping.ClipByGlobalNorm(tensors, maxGradNorm);
        optimizer.Step(learningRate);
        foreach (var tensor in tensors) tensor.Grad?.Data.Clear();
        return (loss, norm);
    }
}
