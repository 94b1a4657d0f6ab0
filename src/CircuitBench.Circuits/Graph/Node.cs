namespace CircuitBench.Circuits.Graph;

/// <summary>What a graph node is.</summary>
public enum NodeKind
{
    /// <summary>The token + position embeddings (<c>input</c>).</summary>
    Input,

    /// <summary>One attention head (<c>a{layer}.h{head}</c>).</summary>
    AttentionHead,

    /// <summary>One MLP (<c>m{layer}</c>).</summary>
    Mlp,

    /// <summary>The unembedding's input (<c>logits</c>).</summary>
    Logits,
}

/// <summary>A node of the computational graph, named as in EAP-IG.</summary>
/// <param name="Name"><c>input</c>, <c>a{l}.h{h}</c>, <c>m{l}</c> or <c>logits</c>.</param>
/// <param name="Kind">What the node is.</param>
/// <param name="Layer">The block (−1 for input, n_layers for logits).</param>
/// <param name="Head">The head for attention nodes, else −1.</param>
public sealed record Node(string Name, NodeKind Kind, int Layer, int Head)
{
    /// <summary>True for nodes whose output feeds later nodes (all but logits).</summary>
    public bool IsSource => Kind != NodeKind.Logits;

    /// <summary>The node's name.</summary>
    public override string ToString() => Name;
}

/// <summary>Which input of a destination node an edge feeds.</summary>
public enum InputSlot
{
    /// <summary>The query input of an attention head.</summary>
    Query,

    /// <summary>The key input of an attention head.</summary>
    Key,

    /// <summary>The value input of an attention head.</summary>
    Value,

    /// <summary>The single input of an MLP or of the logits.</summary>
    Whole,
}

/// <summary>
/// A destination input: the sum of its upstream sources' outputs (plus constant biases) that one node
/// reads. Attention heads have three (<c>a{l}.h{h}&lt;q&gt;</c>, <c>&lt;k&gt;</c>, <c>&lt;v&gt;</c>); MLPs and logits one.
/// </summary>
/// <param name="Node">The node reading this input.</param>
/// <param name="Slot">Which of its inputs.</param>
public sealed record Destination(Node Node, InputSlot Slot)
{
    /// <summary>EAP-IG's name: <c>a1.h0&lt;k&gt;</c>, <c>m3</c>, <c>logits</c>.</summary>
    public string Name => Slot switch
    {
        InputSlot.Query => Node.Name + "<q>",
        InputSlot.Key => Node.Name + "<k>",
        InputSlot.Value => Node.Name + "<v>",
        _ => Node.Name,
    };

    /// <summary>The destination's name.</summary>
    public override string ToString() => Name;
}

/// <summary>An edge <c>src->dst</c>: source <paramref name="Source"/>'s contribution to the destination input <paramref name="Destination"/>.</summary>
/// <param name="Index">Position in the graph's canonical edge order.</param>
/// <param name="Source">The upstream node.</param>
/// <param name="Destination">The destination input.</param>
/// <param name="SourceIndex">Row of the dense score matrix [n_src, n_dst].</param>
/// <param name="DestinationIndex">Column of the dense score matrix.</param>
public sealed record Edge(int Index, Node Source, Destination Destination, int SourceIndex, int DestinationIndex)
{
    /// <summary><c>src->dst</c>, e.g. <c>a0.h1->a1.h0&lt;k&gt;</c>.</summary>
    public string Name => $"{Source.Name}->{Destination.Name}";

    /// <summary>The edge's name.</summary>
    public override string ToString() => Name;
}
