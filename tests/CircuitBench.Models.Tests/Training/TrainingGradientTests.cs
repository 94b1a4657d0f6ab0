using CircuitBench.Models.Architecture;
using CircuitBench.Models.Training;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Models.Tests.Training;

/// <summary>The gradients a training step follows are those of the masked next-token loss (central differences).</summary>
public sealed class TrainingGradientTests
{
    [Fact]
    public void Parameter_gradients_of_the_training_loss_match_finite_differences()
    {
        var recipe = TinyRecipes.Induction();
        var weights = WeightInit.Random(recipe.Model, seed: 3);
        foreach (var (name, tensor) in weights.Named())                                       // move away from the symmetric init
            System.Numerics.Tensors.TensorPrimitives.Add(tensor.Data, Tensor.Randn((ulong)name.Length * 31, [.. tensor.Shape], 0.3f).Data, tensor.Data);
        var model = new HookedTransformer(recipe.Model, weights);
        var batch = recipe.Task.Rows(seed: 1, firstRow: 0, rows: 3);
        Tensor Loss() => Ops.CrossEntropy(Ops.Reshape(model.Forward(batch.Tokens), -1, recipe.Model.DVocab), batch.Targets, TrainingBatch.Ignore);

        weights.SetRequiresGrad(true);
        using (var tape = GradTape.Begin()) tape.Backward(Loss());
        using var _ = GradTape.NoGrad();
        foreach (var (name, tensor) in weights.Named())
            for (var i = 0; i < Math.Min(tensor.Size, 6); i++)
            {
                var original = tensor.Data[i];
                const float h = 1e-2f;
                tensor.Data[i] = original + h;
                var plus = Loss().Item();
                tensor.Data[i] = original - h;
                var minus = Loss().Item();
                tensor.Data[i] = original;
                var numeric = (plus - minus) / (2 * h);
                var analytic = tensor.Grad!.Data[i];
                Assert.True(Math.Abs(numeric - analytic) <= 1e-3 + 1e-2 * Math.Abs(analytic), $"{name}[{i}]: backward {analytic}, finite difference {numeric}.");
            }
    }
}
