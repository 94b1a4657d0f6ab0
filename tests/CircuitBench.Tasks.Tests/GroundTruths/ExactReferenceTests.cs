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
        var graph = CircuitGraph.FromConfig(Recipes.ToyInduction2L.Model);
        var scores = new double[graph.Edges.Count];
        scores[graph.Edge("a0.h1->a1.h2<k>").Index] = -0.5;
        scores[graph.Edge("a1.h2->logits").Index] = 0.8;
        scores[graph.Edge("input->a1.h2<q>").Index] = 0.05;
        var exact = new AttributionScores("exact", graph, scores, new AttributionCost(TimeSpan.Zero, 0, 0, 0));
        var truth = ExactPatchingReference.FromScores("toy", "toy-induction", exact, threshold: 0.1);
        Assert.Equal(["a0.h1->a1.h2<k>", "a1.h2->logits"], truth.Edges.Select(e => e.Name));
        Assert.Contains("-0.5", truth.Edges[0].Source);
        Assert.Equal(2, truth.Flags(graph).Count(f => f));
        Assert.Throws<ArgumentException>(() => ExactPatchingReference.FromScores("toy", "t", exact, threshold: 1));
        Assert.Throws<ArgumentException>(() => ExactPatchingReference.FromScores("toy", "t", exact with { Algorithm = "eap" }, 0.1));
    }

    [Fact]
    public void The_relative_reference_keeps_edges_within_the_fraction_of_the_largest_effect()
    {
        var graph = CircuitGraph.FromConfig(Recipes.ToyInduction2L.Model);
        var scores = new double[graph.Edges.Count];
        scores[graph.Edge("a0.h1->a1.h2<k>").Index] = -0.5;
        scores[graph.Edge("a1.h2->logits").Index] = 0.8;
        scores[graph.Edge("input->a1.h2<q>").Index] = 0.09;
        scores[graph.Edge("input->a1.h3<q>").Index] = 0.07;
        var exact = new AttributionScores("exact", graph, scores, new AttributionCost(TimeSpan.Zero, 0, 0, 0));
        Assert.Equal(["input->a1.h2<q>", "a0.h1->a1.h2<k>", "a1.h2->logits"],
            ExactPatchingReference.FromScoresRelative("toy", "t", exact, 0.1).Edges.Select(e => e.Name));
        Assert.Equal(["a1.h2->logits"], ExactPatchingReference.FromScoresRelative("toy", "t", exact, 1).Edges.Select(e => e.Name));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactPatchingReference.FromScoresRelative("toy", "t", exact, 0));
        var flat = exact with { EdgeScores = new double[graph.Edges.Count] };
        Assert.Contains("zero patching effect", Assert.Throws<ArgumentException>(() => ExactPatchingReference.FromScoresRelative("toy", "t", flat, 0.1)).Message);
    }
}
