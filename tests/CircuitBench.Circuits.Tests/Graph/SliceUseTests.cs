using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Circuits.Tests.Graph;

/// <summary>
/// Algorithms and evaluation run on a <see cref="GraphSlice"/>: only slice edges are studied, edges outside it are never
/// ablated and score 0.
/// </summary>
public class SliceUseTests
{
    private static PromptSet Prompts() => new(TinyModel.Batch(1), TinyModel.Batch(2), [[3], [7], [1, 2]], [[5], [0], [4]]);

    private static GraphSlice SliceOf(CircuitGraph graph, string direction, string node) =>
        direction == "to" ? GraphSlice.Backward(graph, [graph.Node(node)]) : GraphSlice.Forward(graph, [graph.Node(node)]);

    private static AttributionContext Context(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations ablated,
        Dictionary<string, string>? parameters = null) =>
        new(model, graph, prompts, metric, AblationKind.Resample, ablated, parameters ?? []);

    /// <summary>m of one patched forward with <paramref name="ablatedEdges"/> ablated (weight 0) and every other edge kept, built directly.</summary>
    private static double Patched(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations ablated, Func<Edge, bool> ablatedEdges)
    {
        using var _ = GradTape.NoGrad();
        var weights = TinyModel.Ones(graph);
        foreach (var edge in graph.Edges.Where(ablatedEdges))
            weights.Data[edge.SourceIndex * graph.Destinations.Count + edge.DestinationIndex] = 0f;
        var clean = model.Forward(prompts.Clean);
        return metric.Mean(EdgePatching.Forward(model, graph, prompts.Clean, weights, ablated), prompts, clean).Item();
    }

    [Theory]
    [InlineData("to", "a1.h0")]
    [InlineData("from", "m0")]
    public void Exact_on_a_slice_scores_its_edges_as_on_the_whole_graph_zero_elsewhere_in_fewer_forwards(string direction, string node)
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var slice = SliceOf(graph, direction, node);
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var context = Context(model, graph, prompts, new LogitDifference(), ablated);
        var exact = AlgorithmRegistry.Get("exact");

        var whole = exact.Run(context);
        var sliced = exact.Run(context with { Slice = slice });

        Assert.InRange(slice.Edges.Count, 1, graph.Edges.Count - 1);
        var scale = whole.EdgeScores.Max(Math.Abs);
        foreach (var edge in graph.Edges)
        {
            if (!slice.Contains(edge)) Assert.Equal(0.0, sliced.EdgeScores[edge.Index]);
            // Ablating one edge is the same quantity on a slice; only the edges sharing a forward differ (rounding).
            else Assert.True(Math.Abs(whole.EdgeScores[edge.Index] - sliced.EdgeScores[edge.Index]) <= 1e-5 * scale,
                $"{edge}: sliced {sliced.EdgeScores[edge.Index]:G9} vs whole graph {whole.EdgeScores[edge.Index]:G9}");
        }
        Assert.Contains(slice.Edges, e => sliced.EdgeScores[e.Index] != 0);
        Assert.True(sliced.Cost.Forwards < whole.Cost.Forwards, $"{sliced.Cost.Forwards} forwards on {slice.Edges.Count} slice edges vs {whole.Cost.Forwards} on {graph.Edges.Count}");
    }

    [Theory]
    [InlineData("eap")]
    [InlineData("eap-ig-inputs")]
    [InlineData("eap-ig-activations")]
    [InlineData("clean-corrupted")]
    [InlineData("hisp")]
    [InlineData("attribution-patching")]
    [InlineData("random")]
    public void Gradient_node_and_random_algorithms_on_a_slice_give_their_full_scores_masked(string name)
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var slice = SliceOf(graph, "to", "a1.h2");
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var context = Context(model, graph, prompts, new LogitDifference(), ablated);
        var algorithm = AlgorithmRegistry.Get(name);

        var whole = algorithm.Run(context).EdgeScores;
        var sliced = algorithm.Run(context with { Slice = slice }).EdgeScores;

        Assert.Equal(graph.Edges.Select(e => slice.Contains(e) ? whole[e.Index] : 0.0), sliced);
        Assert.Contains(slice.Edges, e => sliced[e.Index] != 0);
    }

    [Fact]
    public void A_faithfulness_curve_on_a_slice_sizes_chooses_and_ablates_within_the_slice_only()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var slice = SliceOf(graph, "to", "a1.h1");
        var metric = new LogitDifference();
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var scores = graph.Edges.Select(e => CounterRng.Uniform(4, (ulong)e.Index) - 0.5).ToArray();
        double[] fractions = [0, 0.5, 1];

        var curve = Faithfulness.Curve(model, graph, prompts, metric, scores, ablated, fractions, prune: false, slice: slice);

        // 100 %: every slice edge kept and nothing outside ablated, i.e. the full model.
        var full = Patched(model, graph, prompts, metric, ablated, _ => false);
        Assert.Equal(full, curve.Full, 6);
        Assert.Equal(full, curve.Points[^1].Metric, 6);
        Assert.Equal(1, curve.Points[^1].Normalized, 9);
        Assert.Equal(slice.Edges.Count, curve.Points[^1].Edges);
        // Empty: only the slice edges ablated.
        var empty = Patched(model, graph, prompts, metric, ablated, slice.Contains);
        Assert.Equal(empty, curve.Empty, 6);
        Assert.Equal(empty, curve.Points[0].Metric, 6);
        Assert.Equal(0, curve.Points[0].Edges);
        Assert.NotEqual(full, empty);
        var wholeGraphEmpty = Patched(model, graph, prompts, metric, ablated, _ => true);
        Assert.NotEqual(wholeGraphEmpty, empty, 6);
        // Half: the top half of the slice edges by |score| kept, the other slice edges ablated, everything outside kept.
        var half = (int)Math.Round(0.5 * slice.Edges.Count);
        var top = slice.Edges.OrderByDescending(e => Math.Abs(scores[e.Index])).ThenBy(e => e.Index).Take(half).Select(e => e.Index).ToHashSet();
        Assert.Equal(half, curve.Points[1].Edges);
        Assert.Equal(Patched(model, graph, prompts, metric, ablated, e => slice.Contains(e) && !top.Contains(e.Index)), curve.Points[1].Metric, 6);
        Assert.Equal(curve.Points[1].PerPrompt.Average(), curve.Points[1].Metric, 12);
    }

    [Fact]
    public void Pruning_on_a_slice_counts_edges_outside_it_as_present_and_never_removes_them()
    {
        var graph = CircuitGraph.FromConfig(TinyModel.Create().Config);
        var slice = GraphSlice.Backward(graph, [graph.Node("a1.h0")]);
        var scores = graph.Edges.Select(e => (double)e.Index).ToArray();

        // Every slice edge: nothing dangles once the edges outside (a1.h0's outputs among them) count as present ...
        var all = CircuitBuilder.TopN(graph, scores, slice.Edges.Count, slice: slice);
        Assert.Equal(slice.Edges.Select(e => e.Index), all.Edges.Select(e => e.Index));
        // ... while on their own the slice's edges end at a1.h0, which then feeds nothing: all of them dangle.
        Assert.Equal(0, CircuitBuilder.Prune(all).EdgeCount);
        Assert.Equal(all.ToFlags(), all.WithEdgesOutside(slice).ToFlags().Select((kept, i) => kept && slice.Contains(graph.Edges[i])).ToArray());

        // Outside edges of a circuit are kept as they are; dangling slice edges still go. a0.h2's inputs are slice edges
        // the circuit lacks, so a0.h2->a1.h0<v> dangles; input->a1.h0<q> reaches a1.h0, whose outputs lie outside the slice.
        var (dangling, live) = (graph.Edge("a0.h2->a1.h0<v>"), graph.Edge("input->a1.h0<q>"));
        var circuit = new Circuit(graph, graph.Edges.Select(e => e == dangling || e == live || !slice.Contains(e)).ToArray());
        var pruned = CircuitBuilder.Prune(circuit, slice);
        Assert.All(graph.Edges.Where(e => !slice.Contains(e)), e => Assert.True(pruned.Contains(e.Index), e.Name));
        Assert.False(pruned.Contains(dangling.Index));
        Assert.True(pruned.Contains(live.Index));
        Assert.Throws<ArgumentOutOfRangeException>(() => CircuitBuilder.TopN(graph, scores, slice.Edges.Count + 1, slice: slice));
    }

    [Fact]
    public void Acdc_on_a_slice_tries_only_slice_edges_and_never_removes_an_edge_outside_it()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = Prompts();
        var slice = SliceOf(graph, "from", "a0.h1");
        var metric = new KlDivergenceMetric();
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        double[] thresholds = [1e-4, 1e-2, 1e-1, 1];

        var result = Acdc.Run(model, graph, prompts, metric, ablated, thresholds, slice: slice);

        foreach (var c in result.Circuits)
        {
            Assert.All(graph.Edges.Where(e => !slice.Contains(e)), e => Assert.True(c.Circuit.Contains(e.Index), $"τ = {c.Threshold}: {e} removed"));
            Assert.InRange(c.EdgesTested, 1, slice.Edges.Count);
            Assert.Equal(Patched(model, graph, prompts, metric, ablated, e => !c.Circuit.Contains(e.Index)), c.Metric, 5);
        }
        Assert.True(result.Circuits[^1].Circuit.EdgeCount < graph.Edges.Count, "the largest τ removes some slice edges");
        Assert.All(graph.Edges.Where(e => !slice.Contains(e)), e => Assert.Equal(0.0, result.Scores.EdgeScores[e.Index]));
        Assert.True(result.Scores.Cost.Forwards <= 1 + result.Circuits.Sum(c => c.EdgesTested));

        var parameters = new Dictionary<string, string> { ["thresholds"] = string.Join(",", thresholds) };
        var viaRegistry = AlgorithmRegistry.Get("acdc").Run(Context(model, graph, prompts, metric, ablated, parameters) with { Slice = slice });
        Assert.Equal(result.Scores.EdgeScores, viaRegistry.EdgeScores);
    }

    [Fact]
    public void A_slice_of_another_graph_is_refused()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var other = CircuitGraph.Of(3, 2, hasMlp: true);
        var slice = GraphSlice.Forward(other, [other.Node("a1.h0")]);
        var scores = AlgorithmRegistry.Get("random").Run(Context(model, graph, Prompts(), new LogitDifference(), SourceActivations.Zeros(model.Config)));
        Assert.Contains("slice was cut from a graph", Assert.Throws<ArgumentException>(() => scores.RestrictedTo(slice)).Message);
        Assert.Throws<ArgumentException>(() => Circuit.Full(graph).WithEdgesOutside(slice));
        Assert.Same(scores, scores.RestrictedTo(null));
    }
}
