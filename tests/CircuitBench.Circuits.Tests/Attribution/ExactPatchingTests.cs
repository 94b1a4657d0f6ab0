using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Circuits.Tests.Attribution;

public class ExactPatchingTests
{
    private static PromptSet Prompts() => new(TinyModel.Batch(1), TinyModel.Batch(2), [[3], [7], [1, 2]], [[5], [0], [4]]);

    /// <summary>The definition, one edge at a time: m(edge ablated by a mask with a single zero) − m(clean), through <see cref="EdgePatching"/>.</summary>
    private static double[] OneEdgePerForward(CircuitGraph graph, Func<Tensor, Tensor, double> metric, Func<Tensor, Tensor> patched, Tensor clean)
    {
        var scores = new double[graph.Edges.Count];
        var weights = TinyModel.Ones(graph);
        foreach (var edge in graph.Edges)
        {
            var index = edge.SourceIndex * graph.Destinations.Count + edge.DestinationIndex;
            weights.Data[index] = 0f;
            scores[edge.Index] = metric(patched(weights), clean) - metric(clean, clean);
            weights.Data[index] = 1f;
        }
        return scores;
    }

    [Theory]
    [InlineData(false, "logit-diff", "resample")]
    [InlineData(true, "logit-diff", "zero")]
    [InlineData(false, "kl", "mean")]
    public void Batched_edges_give_the_scores_of_one_masked_forward_per_edge(bool attnOnly, string metricName, string ablation)
    {
        var model = TinyModel.Create(attnOnly);
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var metric = MetricRegistry.Get(metricName);
        var ablated = Ablation.For(Ablation.Parse(ablation), model, prompts.Clean, prompts.Corrupted, [prompts.Corrupted!]);
        double[] expected;
        using (GradTape.NoGrad())
        {
            var clean = model.Forward(prompts.Clean);
            expected = OneEdgePerForward(graph, (logits, c) => metric.Mean(logits, prompts, c).Item(),
                weights => EdgePatching.Forward(model, graph, prompts.Clean, weights, ablated), clean);
        }
        foreach (var copies in new[] { 1, 7, 32 })
        {
            var exact = ExactPatching.Run(model, graph, prompts, metric, ablated, only: null, copies);
            var scale = expected.Max(Math.Abs);
            Assert.True(scale > 0);
            foreach (var edge in graph.Edges)
                Assert.True(Math.Abs(expected[edge.Index] - exact.EdgeScores[edge.Index]) <= 1e-5 * scale,
                    $"{edge}, {copies} edges per forward: {exact.EdgeScores[edge.Index]:G9} vs one per forward {expected[edge.Index]:G9}");
            Assert.Equal(1 + (graph.Edges.Count + copies - 1) / copies, exact.Cost.Forwards);
        }
    }

    [Fact]
    public void The_number_of_edges_per_forward_does_not_change_a_bit_with_the_managed_gemm()
    {
        // Rows never interact, and the managed GEMM computes each output element the same way whatever the row count;
        // OpenBLAS picks kernels by matrix size, so there the scores agree only to rounding (the test above).
        using var _ = Compute.Use(new Tensors.Gemm.ManagedGemm(2));
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var one = ExactPatching.Run(model, graph, prompts, new LogitDifference(), null, null, 1).EdgeScores;
        var many = ExactPatching.Run(model, graph, prompts, new LogitDifference(), null, null, 13).EdgeScores;
        Assert.Equal(one, many);
    }

    [Fact]
    public void Only_the_selected_edges_are_scored()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var exact = ExactPatching.Run(model, graph, Prompts(), new LogitDifference(), only: e => e.Destination.Node.Name == "logits");
        Assert.All(graph.Edges.Where(e => e.Destination.Node.Name != "logits"), e => Assert.Equal(0, exact.EdgeScores[e.Index]));
        Assert.Contains(graph.Edges, e => e.Destination.Node.Name == "logits" && exact.EdgeScores[e.Index] != 0);
    }
}
