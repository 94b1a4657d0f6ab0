using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;

namespace CircuitBench.Circuits.Tests.Evaluation;

/// <summary>ACDC's ROC procedure: one point per circuit of a sweep, the staircase area through them (values worked out by hand).</summary>
public sealed class RocPointTests
{
    // One layer of two heads, no MLP: input → a0.h{0,1}<q|k|v> (6), input → logits, a0.h{0,1} → logits: 9 edges.
    private static readonly CircuitGraph Graph = CircuitGraph.Of(1, 2, hasMlp: false);

    private static Circuit Of(params string[] edges) =>
        new(Graph, Graph.Edges.Select(e => edges.Contains(e.Name)).ToArray());

    [Fact]
    public void Each_circuit_is_a_point_and_the_area_is_the_staircase_through_them()
    {
        Assert.Equal(9, Graph.Edges.Count);
        var truth = Graph.Edges.Select(e => e.Name is "a0.h0->logits" or "input->a0.h0<q>").ToArray();   // 2 in, 7 out

        var small = Roc.Point(Of("a0.h0->logits", "a0.h1->logits"), truth);                             // 1 of 2 in, 1 of 7 out
        Assert.Equal(new RocPoint(1.0 / 7, 0.5), small);
        var large = Roc.Point(Of("a0.h0->logits", "input->a0.h0<q>", "a0.h1->logits", "input->logits", "input->a0.h1<k>"), truth);
        Assert.Equal(new RocPoint(3.0 / 7, 1.0), large);
        Assert.Equal(new RocPoint(0, 0), Roc.Point(Circuit.Empty(Graph), truth));
        Assert.Equal(new RocPoint(1, 1), Roc.Point(Circuit.Full(Graph), truth));

        // (0,0) → (1/7, ½) → (3/7, 1) → (1, 1): 0·1/7 + ½·2/7 + 1·4/7 = 5/7, in any order of the points.
        Assert.Equal(5.0 / 7, Roc.Auc([large, small]), 12);
        // A point below an earlier one does not lower the staircase (pessimistic: the best rate so far holds).
        Assert.Equal(5.0 / 7, Roc.Auc([small, large, new RocPoint(2.0 / 7, 0.0)]), 12);
        Assert.Throws<ArgumentException>(() => Roc.Point(Circuit.Full(Graph), [.. Enumerable.Repeat(true, 9)]));
        Assert.Throws<ArgumentException>(() => Roc.Point(Circuit.Full(Graph), [true, false]));
    }
}
