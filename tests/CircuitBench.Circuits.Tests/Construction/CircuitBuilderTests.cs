using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Circuits.Tests.Construction;

public class CircuitBuilderTests
{
    private static readonly CircuitGraph Graph = CircuitGraph.FromConfig(new ModelConfig(DModel: 8, NLayers: 2, NHeads: 2, DHead: 4, DMlp: 8, DVocab: 5, NCtx: 4));

    private static double[] Scores(params (string Edge, double Score)[] entries)
    {
        var scores = new double[Graph.Edges.Count];
        foreach (var (edge, score) in entries) scores[Graph.Edge(edge).Index] = score;
        return scores;
    }

    private static string[] Names(Circuit c) => c.Edges.Select(e => e.Name).ToArray();

    [Fact]
    public void Top_n_takes_the_largest_absolute_or_signed_scores()
    {
        var scores = Scores(("input->logits", 0.5), ("input->a0.h0<q>", -2), ("a0.h0->logits", 1));
        Assert.Equal(["a0.h0->logits", "input->a0.h0<q>"], Names(CircuitBuilder.TopN(Graph, scores, 2, prune: false)).Order());
        Assert.Equal(["a0.h0->logits", "input->logits"], Names(CircuitBuilder.TopN(Graph, scores, 2, absolute: false, prune: false)).Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => CircuitBuilder.TopN(Graph, scores, Graph.Edges.Count + 1));
    }

    [Fact]
    public void Pruning_removes_edges_that_cannot_carry_input_to_logits()
    {
        var scores = Scores(("input->a0.h0<q>", 3), ("a0.h0->logits", 2), ("a0.h1->a1.h0<k>", 5), ("input->m1", 4));
        var circuit = CircuitBuilder.Threshold(Graph, scores, 1);
        Assert.Equal(["a0.h0->logits", "input->a0.h0<q>"], Names(circuit).Order());
        Assert.Equal(4, CircuitBuilder.Threshold(Graph, scores, 1, prune: false).EdgeCount);
    }

    [Fact]
    public void Greedy_grows_from_the_logits()
    {
        // The best edge feeds a1.h0, which only joins the circuit once a1.h0->logits is in.
        var scores = Scores(("a0.h0->a1.h0<v>", 9), ("a1.h0->logits", 1), ("input->logits", 2), ("input->a0.h0<k>", 0.5));
        Assert.Equal(["input->logits"], Names(CircuitBuilder.Greedy(Graph, scores, 1)));
        Assert.Equal(["a0.h0->a1.h0<v>", "a1.h0->logits", "input->logits"], Names(CircuitBuilder.Greedy(Graph, scores, 3, prune: false)).Order());
        // Pruning drops a0.h0->a1.h0<v> until a0.h0 has an input edge.
        Assert.DoesNotContain("a0.h0->a1.h0<v>", Names(CircuitBuilder.Greedy(Graph, scores, 3)));
        Assert.Contains("a0.h0->a1.h0<v>", Names(CircuitBuilder.Greedy(Graph, scores, 4)));
    }

    [Fact]
    public void Node_circuits_and_patching_weights()
    {
        var circuit = Circuit.FromNodes(Graph, [Graph.Node("a1.h1")]);
        Assert.Equal(["a1.h1->logits", "input->a1.h1<k>", "input->a1.h1<q>", "input->a1.h1<v>", "input->logits"], Names(circuit).Order());
        var weights = circuit.ToWeights();
        var e = Graph.Edge("input->logits");
        var other = Graph.Edge("a0.h0->logits");
        var at = (Edge x) => x.SourceIndex * Graph.Destinations.Count + x.DestinationIndex;
        Assert.Equal((1f, 0f), (weights.Data[at(e)], weights.Data[at(other)]));
        var complement = circuit.ToWeights(complement: true);
        Assert.Equal((0f, 1f), (complement.Data[at(e)], complement.Data[at(other)]));
        Assert.Throws<ArgumentException>(() => CircuitBuilder.TopN(Graph, [double.NaN], 1));
    }
}
