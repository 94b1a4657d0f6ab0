using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;

namespace CircuitBench.Circuits.Tests.Attribution;

public class RandomBaselineTests
{
    [Fact]
    public void Random_scores_are_uniform_deterministic_and_depend_on_the_seed()
    {
        var graph = CircuitGraph.FromConfig(TinyModel.Create().Config);
        var first = RandomBaseline.Run(graph, 7);
        Assert.Equal(first.EdgeScores, RandomBaseline.Run(graph, 7).EdgeScores);
        Assert.All(first.EdgeScores, s => Assert.InRange(s, 0, 1 - 1e-9));
        Assert.InRange(first.EdgeScores.Average(), 0.35, 0.65);
        Assert.Equal(graph.Edges.Count, first.EdgeScores.Distinct().Count());
        var other = RandomBaseline.Run(graph, 8);
        Assert.True(first.EdgeScores.Zip(other.EdgeScores).Count(p => p.First != p.Second) > graph.Edges.Count * 9 / 10);
        Assert.Equal((0, 0), (first.Cost.Forwards, first.Cost.Backwards));
    }

    [Fact]
    public void The_registry_reads_the_seed_parameter()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = new PromptSet(TinyModel.Batch(1), null, [[3], [7], [1]], [[5], [0], [4]]);
        var context = new AttributionContext(model, graph, prompts, new LogitDifference(), AblationKind.Zero,
            SourceActivations.Zeros(model.Config), new Dictionary<string, string> { ["seed"] = "3" });
        Assert.Equal(RandomBaseline.Run(graph, 3).EdgeScores, AlgorithmRegistry.Get("random").Run(context).EdgeScores);
        Assert.Equal(RandomBaseline.Run(graph, 0).EdgeScores, AlgorithmRegistry.Get("random").Run(context with { Parameters = new Dictionary<string, string>() }).EdgeScores);
        Assert.Throws<ArgumentException>(() => AlgorithmRegistry.Get("random").Run(context with { Parameters = new Dictionary<string, string> { ["seed"] = "-1" } }));
    }
}
