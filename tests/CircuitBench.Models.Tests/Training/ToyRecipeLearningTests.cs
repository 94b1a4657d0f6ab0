using CircuitBench.Models.Training;

namespace CircuitBench.Models.Tests.Training;

/// <summary>
/// The real recipes, trained in full: they must learn what the sweep's ground truths rely on. Slow (about a minute
/// each on 2 cores), so the Test target runs them once, under the default GEMM backend.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ToyRecipeLearningTests
{
    [Fact]
    public void Toy_induction_learns_induction_with_a_previous_token_head_in_layer_0_and_induction_heads_in_layer_1()
    {
        var report = Trainer.Train(Recipes.ToyInduction2L, seed: 0).Report;
        var evaluation = report.Evaluation;
        var uniform = evaluation["uniform_loss"];
        Assert.True(evaluation["repeated_half_loss"] < 0.25 * uniform,
            $"repeated half loss {evaluation["repeated_half_loss"]:F3} vs uniform {uniform:F3}: induction not learned.");
        Assert.True(evaluation["first_half_loss"] > 0.9 * uniform,
            $"first half loss {evaluation["first_half_loss"]:F3}: random tokens cannot be predicted below ln(vocab - 1) = {uniform:F3}.");
        Assert.True(evaluation["repeated_half_accuracy"] > 0.9, $"repeated half accuracy {evaluation["repeated_half_accuracy"]:F3}.");
        var layer0 = evaluation.Heads.Where(h => h.Layer == 0).ToArray();
        var layer1 = evaluation.Heads.Where(h => h.Layer == 1).ToArray();
        Assert.True(layer0.Max(h => h.PreviousToken) > 0.4, "no previous-token head in layer 0: " + Describe(layer0));
        Assert.True(layer1.Max(h => h.Induction) > 0.5, "no induction head in layer 1: " + Describe(layer1));
        Assert.True(layer0.Max(h => h.Induction) < 0.2, "layer 0 cannot do induction alone: " + Describe(layer0));
    }

    [Fact]
    public void Toy_mlp_learns_modular_addition()
    {
        var evaluation = Trainer.Train(Recipes.ToyMlp2L, seed: 0).Report.Evaluation;
        Assert.True(evaluation["accuracy"] > 0.9, string.Join(", ", evaluation.Metrics.Select(m => $"{m.Name} {m.Value:F3}")));
    }

    private static string Describe(IEnumerable<HeadScore> heads) =>
        string.Join(", ", heads.Select(h => $"a{h.Layer}.h{h.Head} prev {h.PreviousToken:F2} ind {h.Induction:F2}"));
}
