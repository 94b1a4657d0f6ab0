using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Training;
using CircuitBench.Tasks.GroundTruths;

namespace CircuitBench.Tasks.Tests.GroundTruths;

public class ExactReferenceTests
{
    [Fact]
    public void Keeps_the_edges_whose_absolute_effect_exceeds_the_threshold()
    {
        var exact = Exact(("a0.h1->a1.h2<k>", -0.5), ("a1.h2->logits", 0.8), ("input->a1.h2<q>", 0.05));
        var truth = ExactPatchingReference.FromScores("toy", "toy-induction", exact, threshold: 0.1);
        Assert.Equal(["a0.h1->a1.h2<k>", "a1.h2->logits"], truth.Edges.Select(e => e.Name));
        Assert.Contains("-0.5", truth.Edges[0].Source);
        Assert.Equal(2, truth.Flags(exact.Graph).Count(f => f));
        Assert.Throws<ArgumentException>(() => ExactPatchingReference.FromScores("toy", "t", exact, threshold: 1));
        Assert.Throws<ArgumentException>(() => ExactPatchingReference.FromScores("toy", "t", exact with { Algorithm = "eap" }, 0.1));
    }

    [Fact]
    public void The_relative_reference_keeps_edges_within_the_fraction_of_the_largest_effect()
    {
        var exact = Exact(("a0.h1->a1.h2<k>", -0.5), ("a1.h2->logits", 0.8), ("input->a1.h2<q>", 0.09), ("input->a1.h3<q>", 0.07));
        Assert.Equal(["input->a1.h2<q>", "a0.h1->a1.h2<k>", "a1.h2->logits"],
            ExactPatchingReference.FromScoresRelative("toy", "t", exact, 0.1).Edges.Select(e => e.Name));
        Assert.Equal(["a1.h2->logits"], ExactPatchingReference.FromScoresRelative("toy", "t", exact, 1).Edges.Select(e => e.Name));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactPatchingReference.FromScoresRelative("toy", "t", exact, 0));
        var flat = exact with { EdgeScores = new double[exact.Graph.Edges.Count] };
        Assert.Contains("zero patching effect", Assert.Throws<ArgumentException>(() => ExactPatchingReference.FromScoresRelative("toy", "t", flat, 0.1)).Message);
    }

    /// <summary>Exact-patching scores over toy-induction-2l's graph: the given edges' effects, zero elsewhere.</summary>
    private static AttributionScores Exact(params (string Edge, double Effect)[] effects)
    {
        var graph = CircuitGraph.FromConfig(Recipes.ToyInduction2L.Model);
        var scores = new double[graph.Edges.Count];
        foreach (var (edge, effect) in effects) scores[graph.Edge(edge).Index] = effect;
        return new AttributionScores("exact", graph, scores, new AttributionCost(TimeSpan.Zero, 0, 0, 0));
    }
}
