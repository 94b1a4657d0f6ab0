using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;

namespace CircuitBench.Circuits.Tests.Attribution;

public class EapTests
{
    private static PromptSet Prompts()
    {
        var clean = TinyModel.Batch(1);
        return new PromptSet(clean, TinyModel.Batch(2), [[3], [7], [1, 2]], [[5], [0], [4]]);
    }

    /// <summary>clean + ε·(corrupt − clean): an ablation small enough that patching is linear to first order.</summary>
    private static SourceActivations Nudged(HookedTransformer model, PromptSet prompts, float epsilon)
    {
        var clean = SourceActivations.Capture(model, prompts.Clean);
        var corrupt = SourceActivations.Capture(model, prompts.Corrupted!).Chunks().ToArray();
        var i = 0;
        return clean.Map(c => Ops.Add(c, Ops.Scale(Ops.Sub(corrupt[i++], c), epsilon)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Eap_equals_exact_patching_to_first_order_on_every_edge(bool attnOnly)
    {
        var model = TinyModel.Create(attnOnly);
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var ablated = Nudged(model, prompts, 0.003f);
        var metric = new LogitDifference();
        var eap = Eap.Run(model, graph, prompts, metric, ablated);
        var exact = ExactPatching.Run(model, graph, prompts, metric, ablated);
        var scale = exact.EdgeScores.Max(Math.Abs);
        Assert.True(scale > 0);
        foreach (var edge in graph.Edges)
            Assert.True(Math.Abs(eap.EdgeScores[edge.Index] - exact.EdgeScores[edge.Index]) <= 0.03 * scale,
                $"{edge}: eap {eap.EdgeScores[edge.Index]:G4} vs exact {exact.EdgeScores[edge.Index]:G4} (scale {scale:G4})");
        Assert.Equal((1, 1), (eap.Cost.Forwards, eap.Cost.Backwards)); // ablated outputs given: one clean forward and backward
        Assert.True(exact.Cost.Forwards < graph.Edges.Count, $"{exact.Cost.Forwards} forwards: edges are batched");
    }

    [Fact]
    public void Eap_with_resample_ranks_edges_like_exact_patching()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var eap = Eap.Run(model, graph, prompts, new LogitDifference());
        var exact = ExactPatching.Run(model, graph, prompts, new LogitDifference());
        Assert.True(Pearson(eap.EdgeScores, exact.EdgeScores) > 0.8, $"correlation {Pearson(eap.EdgeScores, exact.EdgeScores):F3}");
    }

    [Fact]
    public void Eap_needs_corrupted_prompts_for_resample_and_gives_zero_for_kl_at_the_clean_input()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var noCorrupt = new PromptSet(prompts.Clean, null, prompts.Answers, prompts.WrongAnswers);
        Assert.Contains("corrupted", Assert.Throws<ArgumentException>(() => Eap.Run(model, graph, noCorrupt, new LogitDifference())).Message);
        Assert.All(Eap.Run(model, graph, prompts, new KlDivergenceMetric()).EdgeScores, s => Assert.True(Math.Abs(s) < 1e-6));
    }

    private static double Pearson(double[] a, double[] b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        var cov = a.Zip(b, (x, y) => (x - ma) * (y - mb)).Sum();
        return cov / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(y => (y - mb) * (y - mb)));
    }
}
