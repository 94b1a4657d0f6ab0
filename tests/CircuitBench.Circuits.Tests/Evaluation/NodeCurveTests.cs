using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;

namespace CircuitBench.Circuits.Tests.Evaluation;

/// <summary>Node-level faithfulness curves and circuit sizes given as counts.</summary>
public sealed class NodeCurveTests
{
    [Fact]
    public void Each_point_is_the_top_nodes_circuit_measured_directly()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = new PromptSet(TinyModel.Batch(1), TinyModel.Batch(2), [[3], [7], [1]], [[5], [0], [4]]);
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var scores = graph.Sources.Select((_, i) => (double)((i * 7) % 5) - 2).ToArray();   // signed, with ties
        var candidates = Faithfulness.NodeCandidates(graph);
        Assert.Equal(graph.Sources.Count - 1, candidates.Count);
        Assert.DoesNotContain(0, candidates);                                             // input is always in

        var fractions = Faithfulness.FractionsOfCounts([0, 2, candidates.Count], candidates.Count);
        var curve = Faithfulness.NodeCurve(model, graph, prompts, new LogitDifference(), scores, ablated, fractions, absolute: false);

        // The two nodes with the largest signed score (ties: lower source index first), chosen here by hand.
        var top = candidates.Select(n => (Node: n, Score: scores[n])).OrderByDescending(p => p.Score).ThenBy(p => p.Node).Take(2).Select(p => graph.Sources[p.Node]);
        var two = Circuit.FromNodes(graph, top);
        var direct = Faithfulness.Measure(model, two, prompts, new LogitDifference(), ablated, null).Mean;
        Assert.Equal(direct, curve.Points[1].Metric, 12);
        Assert.Equal(two.EdgeCount, curve.Points[1].Edges);
        Assert.Equal(Circuit.FromNodes(graph, []).EdgeCount, curve.Points[0].Edges);       // input → logits only
        Assert.Equal(graph.Edges.Count, curve.Points[2].Edges);
        Assert.Equal(curve.Full, curve.Points[2].Metric, 12);
        Assert.Equal(1.0, curve.Points[2].Normalized, 9);
        var empty = Faithfulness.Measure(model, Circuit.Empty(graph), prompts, new LogitDifference(), ablated, null).Mean;
        Assert.Equal(empty, curve.Empty, 12);
    }

    [Fact]
    public void Counts_become_fractions_that_round_back_to_them_and_bad_counts_are_refused()
    {
        var fractions = Faithfulness.FractionsOfCounts([1, 7, 32491], 32491);
        Assert.Equal([1, 7, 32491], fractions.Select(f => (int)Math.Round(f * 32491)));
        Assert.Equal(1.0, fractions[^1]);
        Assert.Throws<ArgumentException>(() => Faithfulness.FractionsOfCounts([3, 2], 10));
        Assert.Throws<ArgumentException>(() => Faithfulness.FractionsOfCounts([11], 10));
        Assert.Throws<ArgumentException>(() => Faithfulness.FractionsOfCounts([], 10));
    }
}
