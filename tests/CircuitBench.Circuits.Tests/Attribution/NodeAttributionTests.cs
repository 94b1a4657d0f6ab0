using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Tests.Attribution;

public class NodeAttributionTests
{
    private static PromptSet Prompts() => new(TinyModel.Batch(1), TinyModel.Batch(2), [[3], [7], [1, 2]], [[5], [0], [4]]);

    /// <summary>clean + ε·(corrupt − clean): an ablation small enough that patching is linear to first order.</summary>
    private static SourceActivations Nudged(HookedTransformer model, PromptSet prompts, float epsilon)
    {
        var clean = SourceActivations.Capture(model, prompts.Clean);
        var corrupt = SourceActivations.Capture(model, prompts.Corrupted!).Chunks().ToArray();
        var i = 0;
        return clean.Map(c => Ops.Add(c, Ops.Scale(Ops.Sub(corrupt[i++], c), epsilon)));
    }

    /// <summary>
    /// m(node ablated) − m(clean), computed naively and independently of edge patching: one forward whose hook
    /// replaces the node's output (slot <paramref name="slot"/> of the hook's [b, p, k, d] chunk) by the ablated one.
    /// </summary>
    private static double NaiveNodeEffect(HookedTransformer model, PromptSet prompts, Metric metric, string hook, int slot, Tensor ablatedChunk)
    {
        using var _ = GradTape.NoGrad();
        var (b, p, d) = (prompts.Clean.Batch, prompts.Clean.Seq, model.Config.DModel);
        ForwardHook replace = (activation, _) =>
        {
            var k = activation.Size / (b * p * d);
            var patched = activation.Clone();
            var (ab, ap) = (ablatedChunk.Dim(0), ablatedChunk.Dim(1));
            for (var row = 0; row < b; row++)
            for (var pos = 0; pos < p; pos++)
                ablatedChunk.Data.Slice((((row % ab) * ap + pos % ap) * k + slot) * d, d)
                    .CopyTo(patched.Data.Slice(((row * p + pos) * k + slot) * d, d));
            return patched;
        };
        var clean = model.Forward(prompts.Clean);
        var ablatedLogits = model.RunWithHooks(prompts.Clean, (hook, replace));
        return (double)metric.Mean(ablatedLogits, prompts, clean).Item() - metric.Mean(clean, prompts, clean).Item();
    }

    private static double[] NaiveEffects(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations ablated) =>
        graph.Sources.Select(node => node.Kind switch
        {
            NodeKind.Input => NaiveNodeEffect(model, prompts, metric, "blocks.0.hook_resid_pre", 0, ablated.Input),
            NodeKind.AttentionHead => NaiveNodeEffect(model, prompts, metric, $"blocks.{node.Layer}.attn.hook_result", node.Head, ablated.Heads[node.Layer]),
            _ => NaiveNodeEffect(model, prompts, metric, $"blocks.{node.Layer}.hook_mlp_out", 0, ablated.Mlps[node.Layer]!),
        }).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Attribution_patching_and_hisp_equal_naive_node_ablation_to_first_order(bool attnOnly)
    {
        var model = TinyModel.Create(attnOnly);
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var ablated = Nudged(model, prompts, 0.003f);
        var metric = new LogitDifference();
        var naive = NaiveEffects(model, graph, prompts, metric, ablated);
        var patching = AttributionPatching.Run(model, graph, prompts, metric, ablated);
        var hisp = Hisp.Run(model, graph, prompts, metric, ablated);

        var scale = naive.Max(Math.Abs);
        Assert.True(scale > 0);
        foreach (var node in graph.Sources)
        {
            var s = graph.SourceIndex(node);
            Assert.True(Math.Abs(patching.SourceScores[s] - naive[s]) <= 0.03 * scale,
                $"{node}: attribution patching {patching.SourceScores[s]:G4} vs naive ablation {naive[s]:G4} (scale {scale:G4})");
            Assert.Equal(Math.Abs(patching.SourceScores[s]), hisp.SourceScores[s]);
        }
        Assert.Equal((1, 1), (patching.Cost.Forwards, patching.Cost.Backwards));
        Assert.Equal((1, 1), (hisp.Cost.Forwards, hisp.Cost.Backwards));
    }

    [Fact]
    public void Edges_take_their_source_nodes_score_and_the_registry_runs_both()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var nodes = AttributionPatching.Run(model, graph, prompts, new LogitDifference(), ablated);
        var edges = nodes.ToEdgeScores();
        Assert.Equal(nodes["a0.h1"], edges["a0.h1->a1.h2<k>"]);
        Assert.Equal(nodes["m1"], edges["m1->logits"]);
        Assert.All(graph.Edges, e => Assert.Equal(nodes.SourceScores[e.SourceIndex], edges.EdgeScores[e.Index]));
        Assert.Contains(nodes.SourceScores, s => s < 0);   // signed, unlike hisp

        var context = new AttributionContext(model, graph, prompts, new LogitDifference(), AblationKind.Resample, ablated, new Dictionary<string, string>());
        Assert.Equal(edges.EdgeScores, AlgorithmRegistry.Get("attribution-patching").Run(context).EdgeScores);
        Assert.Equal(edges.EdgeScores.Select(Math.Abs), AlgorithmRegistry.Get("hisp").Run(context).EdgeScores);
    }

    [Fact]
    public void With_kl_the_gradient_at_the_clean_input_is_zero_and_so_is_every_node_score()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var scores = Hisp.Run(model, graph, prompts, new KlDivergenceMetric(), ablated);
        Assert.All(scores.SourceScores, s => Assert.True(s < 1e-6));
        Assert.Equal((2, 1), (scores.Cost.Forwards, scores.Cost.Backwards));   // KL needs the clean logits: one more forward
    }
}
