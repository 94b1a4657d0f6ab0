using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Circuits.Tests.Graph;

public class CircuitGraphTests
{
    private static readonly ModelConfig Gpt2Small = new(DModel: 768, NLayers: 12, NHeads: 12, DHead: 64, DMlp: 3072, DVocab: 50257, NCtx: 1024);
    private static readonly ModelConfig AttnOnly2L8H = new(DModel: 64, NLayers: 2, NHeads: 8, DHead: 8, DMlp: 0, DVocab: 10, NCtx: 8, AttnOnly: true);

    [Fact]
    public void Gpt2_small_has_eap_igs_158_nodes_and_32491_edges()
    {
        var graph = CircuitGraph.FromConfig(Gpt2Small);
        Assert.Equal(158, graph.Nodes.Count);
        Assert.Equal(1 + 12 * 13, graph.Sources.Count);
        Assert.Equal(12 * (3 * 12 + 1) + 1, graph.Destinations.Count);
        Assert.Equal(32491, graph.Edges.Count);
    }

    [Fact]
    public void Attention_only_models_have_no_mlp_nodes_and_acdcs_count_minus_qkv_internal_edges()
    {
        var graph = CircuitGraph.FromConfig(AttnOnly2L8H);
        Assert.DoesNotContain(graph.Nodes, n => n.Kind == NodeKind.Mlp);
        Assert.Equal(305 - 2 * 8 * 3, graph.Edges.Count); // ACDC counts 305 including q/k/v → head edges
    }

    [Fact]
    public void Edges_follow_the_residual_stream_and_use_eap_ig_names()
    {
        var graph = CircuitGraph.FromConfig(Gpt2Small);
        Assert.Equal("a0.h1->a1.h0<k>", graph.Edge("a0.h1->a1.h0<k>").Name);
        graph.Edge("a3.h2->m3");
        graph.Edge("m11->logits");
        graph.Edge("input->a0.h0<q>");
        Assert.Contains("does not feed", Assert.Throws<KeyNotFoundException>(() => graph.Edge("a1.h0->a1.h1<q>")).Message);
        Assert.Contains("does not feed", Assert.Throws<KeyNotFoundException>(() => graph.Edge("m1->m1")).Message);
        Assert.Contains("src->dst", Assert.Throws<KeyNotFoundException>(() => graph.Edge("a0.h0")).Message);
    }

    [Fact]
    public void Dense_indices_are_eap_igs_and_edges_are_row_major()
    {
        var graph = CircuitGraph.FromConfig(Gpt2Small);
        var edge = graph.Edge("a2.h5->a4.h7<v>");
        Assert.Equal(1 + 2 * 13 + 5, edge.SourceIndex);
        Assert.Equal(4 * 37 + 2 * 12 + 7, edge.DestinationIndex);
        Assert.Same(edge, graph.EdgeAt(edge.SourceIndex, edge.DestinationIndex));
        Assert.Null(graph.EdgeAt(graph.Edge("a4.h0->logits").SourceIndex, graph.Edge("a2.h5->a4.h7<v>").DestinationIndex));
        var order = graph.Edges.Select(e => (e.SourceIndex, e.DestinationIndex)).ToArray();
        Assert.Equal(order.Order().ToArray(), order);
        Assert.Equal(Enumerable.Range(0, graph.Edges.Count), graph.Edges.Select(e => e.Index));
    }

    [Fact]
    public void Backward_and_forward_slices_keep_exactly_the_reachable_part()
    {
        var graph = CircuitGraph.FromConfig(Gpt2Small);
        var back = GraphSlice.Backward(graph, [graph.Node("a1.h3")]);
        Assert.Equal(["a0.h0", "a0.h1", "a0.h10", "a0.h11", "a0.h2", "a0.h3", "a0.h4", "a0.h5", "a0.h6", "a0.h7", "a0.h8", "a0.h9", "a1.h3", "input", "m0"],
            back.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal));
        // a1.h3's q, k, v each read input, 12 heads, m0; the layer-0 heads' inputs read input; m0 reads input and 12 heads
        Assert.Equal(3 * 14 + 12 * 3 + 13, back.Edges.Count);
        Assert.All(back.Edges, e => Assert.Contains(e.Destination.Node, back.Nodes));

        var forward = GraphSlice.Forward(graph, [graph.Node("m10")]);
        Assert.Equal(15, forward.Nodes.Count); // m10, the 12 heads of layer 11, m11, logits
        Assert.All(forward.Nodes, n => Assert.True(n.Layer >= 11 || n.Name == "m10", n.Name));
        // m10 → 36 head inputs of layer 11, m11, logits; layer-11 heads → m11, logits; m11 → logits
        Assert.Equal(36 + 2 + 12 * 2 + 1, forward.Edges.Count);
    }
}
