using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors.Autograd;
using Xunit.Abstractions;

namespace CircuitBench.Circuits.Tests.Attribution;

public class AcdcTests(ITestOutputHelper output)
{
    private static PromptSet Prompts() => new(TinyModel.Batch(1), TinyModel.Batch(2), [[3], [7], [1, 2]], [[5], [0], [4]]);

    private static SourceActivations Resample(HookedTransformer model, PromptSet prompts) =>
        Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);

    private static double Evaluate(HookedTransformer model, Circuit circuit, PromptSet prompts, Metric metric, SourceActivations ablated)
    {
        using var _ = GradTape.NoGrad();
        var clean = model.Forward(prompts.Clean);
        var logits = EdgePatching.Forward(model, circuit.Graph, prompts.Clean, circuit.ToWeights(), ablated);
        return metric.Mean(logits, prompts, clean).Item();
    }

    [Fact]
    public void Acdc_is_deterministic_and_with_kl_keeps_every_edge_at_tau_zero()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var ablated = Resample(model, prompts);
        double[] thresholds = [0, 1e-3, 1e-2, 1e-1];
        var first = Acdc.Run(model, graph, prompts, new KlDivergenceMetric(), ablated, thresholds);
        var second = Acdc.Run(model, graph, prompts, new KlDivergenceMetric(), ablated, thresholds);

        Assert.Equal(first.Scores.EdgeScores, second.Scores.EdgeScores);
        foreach (var (a, b) in first.Circuits.Zip(second.Circuits))
        {
            Assert.Equal(a.Circuit.ToFlags(), b.Circuit.ToFlags());
            Assert.Equal(a.Metric, b.Metric);
        }
        // A sweep replays the previous threshold's trials while decisions agree: the same as running each τ alone.
        foreach (var c in first.Circuits)
        {
            var alone = Acdc.Run(model, graph, prompts, new KlDivergenceMetric(), ablated, [c.Threshold]).Circuits[0];
            Assert.Equal(alone.Circuit.ToFlags(), c.Circuit.ToFlags());
            Assert.Equal(alone.Metric, c.Metric);
        }
        Assert.True(first.Scores.Cost.Forwards < 1 + first.Circuits.Sum(c => c.EdgesTested));
        // The full graph gives the clean logits exactly, where KL is 0, its minimum: no removal can have delta < 0.
        var atZero = first.Circuits[0];
        Assert.Equal(0, atZero.Threshold);
        Assert.Equal(graph.Edges.Count, atZero.Circuit.EdgeCount);
        Assert.Equal(0, atZero.Metric);
        Assert.Equal(graph.Edges.Count, atZero.EdgesTested);
        // ... while larger thresholds do remove edges, so the test above is not vacuous.
        Assert.True(first.Circuits[^1].Circuit.EdgeCount < graph.Edges.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Larger_thresholds_keep_fewer_edges_and_the_scores_reproduce_the_sweep(bool attnOnly)
    {
        var model = TinyModel.Create(attnOnly);
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var ablated = Resample(model, prompts);
        var result = Acdc.Run(model, graph, prompts, new KlDivergenceMetric(), ablated);

        output.WriteLine($"{graph.Edges.Count} edges; {result.Scores.Cost.Forwards} forwards, {result.Scores.Cost.Elapsed.TotalMilliseconds:F0} ms; nested: {result.IsNested}");
        foreach (var c in result.Circuits)
            output.WriteLine($"τ = {c.Threshold:G3}: {c.Circuit.EdgeCount} edges, KL {c.Metric:G4}, {c.EdgesTested} tried");
        Assert.Equal(Acdc.DefaultThresholds.Order(), result.Circuits.Select(c => c.Threshold));
        // The walk is greedy, so neither monotone sizes nor nesting is guaranteed; the trend must be clear.
        var sizes = result.Circuits.Select(c => (double)c.Circuit.EdgeCount).ToArray();
        Assert.True(RankCorrelation.Spearman(result.Circuits.Select(c => c.Threshold).ToArray(), sizes) < -0.9);
        Assert.True(sizes[0] > sizes[^1]);
        var unnested = result.Circuits.Zip(result.Circuits.Skip(1)).Sum(p => p.Second.Circuit.Edges.Count(e => !p.First.Circuit.Contains(e.Index)));
        output.WriteLine($"edges kept at a τ but not at the next smaller one: {unnested}");
        Assert.Equal(unnested == 0, result.IsNested);
        // score ≥ τ selects every edge some τ' ≥ τ keeps: exactly C(τ) where the circuits are nested.
        for (var k = 0; k < result.Circuits.Count; k++)
        {
            var union = graph.Edges.Select(e => result.Circuits.Skip(k).Any(c => c.Circuit.Contains(e.Index))).ToArray();
            Assert.Equal(union, CircuitBuilder.Threshold(graph, result.Scores.EdgeScores, result.Circuits[k].Threshold, prune: false).ToFlags());
        }
        // Every circuit's reported metric is what evaluating it afresh gives (skipped receivers change only rounding).
        foreach (var c in result.Circuits)
            Assert.True(Math.Abs(Evaluate(model, c.Circuit, prompts, new KlDivergenceMetric(), ablated) - c.Metric) <= 1e-5 * Math.Max(1, c.Metric),
                $"τ = {c.Threshold:G3}: walk ended at {c.Metric:G6}, fresh evaluation differs");
    }

    [Fact]
    public void With_a_metric_where_higher_is_closer_to_clean_removals_at_tau_zero_only_raise_it_and_abs_delta_keeps_all()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var ablated = Resample(model, prompts);
        var metric = new LogitDifference();
        var full = Evaluate(model, Circuit.Full(graph), prompts, metric, ablated);

        var signed = Acdc.Run(model, graph, prompts, metric, ablated, [0]).Circuits[0];
        output.WriteLine($"logit-diff full {full:G5}; τ = 0 keeps {signed.Circuit.EdgeCount} of {graph.Edges.Count} edges at {signed.Metric:G5}");
        // Worsening is a decrease here: at τ = 0 an edge goes only when its removal raises the logit difference.
        Assert.True(signed.Circuit.EdgeCount < graph.Edges.Count);
        Assert.True(signed.Metric > full);
        Assert.True(Math.Abs(Evaluate(model, signed.Circuit, prompts, metric, ablated) - signed.Metric) <= 1e-5 * Math.Abs(full));

        var absolute = Acdc.Run(model, graph, prompts, metric, ablated, [0], absValueThreshold: true).Circuits[0];
        Assert.Equal(graph.Edges.Count, absolute.Circuit.EdgeCount);
    }

    /// <summary>
    /// An attention-only model where only input → a0.h0 (values) → logits carries the difference between clean and
    /// corrupted prompts: every other head writes nothing (W_O = 0), a0.h0 attends uniformly (W_K = 0, so its keys and
    /// queries are constant), and the prompts differ only at position 0, so the input reaches the answer position
    /// only through a0.h0's values.
    /// </summary>
    private static (HookedTransformer Model, PromptSet Prompts) OnePathModel()
    {
        var model = TinyModel.Create(attnOnly: true);
        var c = model.Config;
        for (var l = 0; l < c.NLayers; l++)
        for (var h = 0; h < c.NHeads; h++)
            if (l != 0 || h != 0) model.Weights.Blocks[l].WO.Data.Slice(h * c.DHead * c.DModel, c.DHead * c.DModel).Clear();
        var wk = model.Weights.Blocks[0].WK;                                        // [d_model, n_heads·d_head]
        for (var row = 0; row < c.DModel; row++) wk.Data.Slice(row * c.NHeads * c.DHead, c.DHead).Clear();
        var clean = TinyModel.Batch(1);
        var corrupted = new TokenBatch(Enumerable.Range(0, clean.Batch).Select(b =>
        {
            var ids = clean.Ids.AsSpan(b * clean.Seq, clean.Seq).ToArray();
            ids[0] = (ids[0] + 5) % c.DVocab;
            return ids;
        }).ToArray());
        return (model, new PromptSet(clean, corrupted, [[3], [7], [1]], [[5], [0], [4]]));
    }

    [Fact]
    public void Acdc_recovers_the_only_path_that_matters_on_a_hand_built_model()
    {
        var (model, prompts) = OnePathModel();
        var graph = CircuitGraph.FromConfig(model.Config);
        var ablated = Resample(model, prompts);
        var metric = new KlDivergenceMetric();
        string[] path = ["a0.h0->logits", "input->a0.h0<v>"];
        var effects = ExactPatching.Run(model, graph, prompts, metric, ablated);
        var smallest = path.Min(e => effects[e]);
        var largest = effects.EdgeScores.Max();
        output.WriteLine($"KL when ablating a0.h0->logits {effects["a0.h0->logits"]:G4}, input->a0.h0<v> {effects["input->a0.h0<v>"]:G4}");
        Assert.True(smallest > 1e-3);
        // Off the path only float rounding is left: a patched forward sums the heads' outputs in another order.
        Assert.All(graph.Edges.Where(e => !path.Contains(e.Name)), e => Assert.True(Math.Abs(effects.EdgeScores[e.Index]) < 1e-6, $"{e}: {effects.EdgeScores[e.Index]:G3}"));

        var result = Acdc.Run(model, graph, prompts, metric, ablated, [1e-6, smallest / 2, 2 * largest]);
        foreach (var c in result.Circuits.Take(2))
            Assert.Equal(path.Order(StringComparer.Ordinal), c.Circuit.Edges.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, result.Circuits[2].Circuit.EdgeCount);
        Assert.True(result.IsNested);
        foreach (var c in result.Circuits)
            Assert.Equal(c.Circuit.ToFlags(), CircuitBuilder.Threshold(graph, result.Scores.EdgeScores, c.Threshold, prune: false).ToFlags());
        // τ = 1e-6 tries the 7 edges into logits and a0.h0's q, k, v (every other receiver feeds nothing and is
        // skipped); τ = smallest/2 replays all of them; 2·largest replays up to a0.h0->logits and computes input->logits.
        Assert.Equal(10, result.Circuits[0].EdgesTested);
        Assert.Equal(1 + 10 + 1, result.Scores.Cost.Forwards);
        Assert.Equal(smallest / 2, result.Scores["input->a0.h0<v>"]);
        Assert.Equal(0, result.Scores["a0.h1->logits"]);
    }

    [Fact]
    public void Thresholds_parse_as_a_comma_list_or_logspace_and_the_registry_runs_acdc()
    {
        Assert.Equal([0.001, 0.01, 0.5], Acdc.ParseThresholds(" 0.001, 1e-2 ,0.5"));
        Assert.Equal(Acdc.DefaultThresholds, Acdc.ParseThresholds("logspace(-4,0,21)"));
        Assert.Equal(1e-4, Acdc.DefaultThresholds[0], 15);
        Assert.Equal(1.0, Acdc.DefaultThresholds[^1], 15);
        Assert.Contains("'x'", Assert.Throws<ArgumentException>(() => Acdc.ParseThresholds("0.1,x")).Message);
        Assert.Contains("logspace", Assert.Throws<ArgumentException>(() => Acdc.ParseThresholds("logspace(-4,0)")).Message);

        var model = TinyModel.Create(attnOnly: true);
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var ablated = Resample(model, prompts);
        var parameters = new Dictionary<string, string> { ["thresholds"] = "0.001,0.01" };
        var context = new AttributionContext(model, graph, prompts, new KlDivergenceMetric(), AblationKind.Resample, ablated, parameters);
        var viaRegistry = AlgorithmRegistry.Get("acdc").Run(context);
        Assert.Equal(Acdc.Run(model, graph, prompts, new KlDivergenceMetric(), ablated, [0.001, 0.01]).Scores.EdgeScores, viaRegistry.EdgeScores);
        Assert.True(viaRegistry.Cost.Forwards > 1);
        Assert.Throws<ArgumentException>(() => AlgorithmRegistry.Get("acdc").Run(context with { Parameters = new Dictionary<string, string> { ["abs-value-threshold"] = "yes" } }));
        Assert.Throws<ArgumentException>(() => Acdc.Run(model, graph, prompts, new KlDivergenceMetric(), ablated, [-1]));
    }
}
