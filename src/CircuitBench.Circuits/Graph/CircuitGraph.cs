using CircuitBench.Models.Architecture;

namespace CircuitBench.Circuits.Graph;

/// <summary>
/// The computational graph of a model as in EAP-IG's <c>Graph.from_model</c>: nodes <c>input</c>,
/// <c>a{l}.h{h}</c>, <c>m{l}</c>, <c>logits</c>; an edge from every upstream source to every destination
/// input, with q/k/v split. A head of layer l reads the input and every source of layers &lt; l; the MLP
/// of layer l also reads the heads of its own layer; logits read every source.
/// Sources are indexed <c>input = 0</c>, then per layer its heads and its MLP (EAP-IG's forward index);
/// destinations per layer its heads' q, then k, then v inputs, then its MLP, and logits last (backward index).
/// Edges are ordered by source index, then destination index (row-major over the dense [n_src, n_dst] matrix).
/// GPT-2 small: 158 nodes, 32,491 edges (ACDC's count, 32,923, adds the 432 q/k/v → head edges).
/// </summary>
public sealed class CircuitGraph
{
    private readonly Dictionary<string, Edge> _edgesByName;
    private readonly Dictionary<string, Node> _nodesByName;
    private readonly int[] _edgeAt; // [n_src · n_dst] → edge index or −1
    private readonly Dictionary<string, int> _sourceIndex;
    private readonly Dictionary<string, int> _destinationIndex;

    private CircuitGraph(int layers, int heads, bool hasMlp)
    {
        (Layers, Heads, HasMlp) = (layers, heads, hasMlp);
        var input = new Node("input", NodeKind.Input, -1, -1);
        var sources = new List<Node> { input };
        var destinations = new List<Destination>();
        for (var l = 0; l < layers; l++)
        {
            var layerHeads = Enumerable.Range(0, heads).Select(h => new Node($"a{l}.h{h}", NodeKind.AttentionHead, l, h)).ToArray();
            sources.AddRange(layerHeads);
            foreach (var slot in new[] { InputSlot.Query, InputSlot.Key, InputSlot.Value })
                destinations.AddRange(layerHeads.Select(n => new Destination(n, slot)));
            if (!hasMlp) continue;
            var mlp = new Node($"m{l}", NodeKind.Mlp, l, -1);
            sources.Add(mlp);
            destinations.Add(new Destination(mlp, InputSlot.Whole));
        }
        var logits = new Node("logits", NodeKind.Logits, layers, -1);
        destinations.Add(new Destination(logits, InputSlot.Whole));
        Sources = sources;
        Destinations = destinations;
        Nodes = [.. sources, logits];
        _nodesByName = Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        _sourceIndex = sources.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _destinationIndex = destinations.Select((d, i) => (d.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

        _edgeAt = new int[sources.Count * destinations.Count];
        var edges = new List<Edge>();
        for (var s = 0; s < sources.Count; s++)
        for (var d = 0; d < destinations.Count; d++)
        {
            var upstream = Feeds(sources[s], destinations[d].Node);
            _edgeAt[s * destinations.Count + d] = upstream ? edges.Count : -1;
            if (upstream) edges.Add(new Edge(edges.Count, sources[s], destinations[d], s, d));
        }
        Edges = edges;
        _edgesByName = edges.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>Builds the graph of a model architecture.</summary>
    public static CircuitGraph FromConfig(ModelConfig config) => Of(config.NLayers, config.NHeads, !config.AttnOnly);

    /// <summary>Builds the graph of <paramref name="layers"/> blocks of <paramref name="heads"/> heads, with or without MLPs.</summary>
    public static CircuitGraph Of(int layers, int heads, bool hasMlp) =>
        layers >= 1 && heads >= 1 ? new(layers, heads, hasMlp)
            : throw new ArgumentException($"A circuit graph needs at least one layer and one head; got {layers} layers of {heads} heads.");

    /// <summary>Number of blocks.</summary>
    public int Layers { get; }

    /// <summary>Heads per block.</summary>
    public int Heads { get; }

    /// <summary>False for attention-only models (no MLP nodes).</summary>
    public bool HasMlp { get; }

    /// <summary>Every node: the sources in source order, then logits.</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>Nodes with outputs (rows of the dense score matrix).</summary>
    public IReadOnlyList<Node> Sources { get; }

    /// <summary>Destination inputs (columns of the dense score matrix).</summary>
    public IReadOnlyList<Destination> Destinations { get; }

    /// <summary>Every edge in canonical order.</summary>
    public IReadOnlyList<Edge> Edges { get; }

    /// <summary>The edge called <paramref name="name"/> (<c>src->dst</c>); unknown names give an error saying why.</summary>
    public Edge Edge(string name) => _edgesByName.TryGetValue(name, out var edge) ? edge : throw UnknownEdge(name);

    /// <summary>The node called <paramref name="name"/>.</summary>
    public Node Node(string name) => _nodesByName.TryGetValue(name, out var node)
        ? node
        : throw new KeyNotFoundException($"No node '{name}' in this graph ({Layers} layers × {Heads} heads{(HasMlp ? ", with MLPs" : ", attention only")}); names look like input, a0.h1, m2, logits.");

    /// <summary>Row of <paramref name="source"/> in the dense [n_src, n_dst] matrix.</summary>
    public int SourceIndex(Node source) => _sourceIndex.TryGetValue(source.Name, out var i) ? i : throw new ArgumentException($"{source} is not a source node.");

    /// <summary>Column of destination input <paramref name="name"/> (e.g. <c>a1.h0&lt;q&gt;</c>, <c>m1</c>, <c>logits</c>) in the dense matrix.</summary>
    public int DestinationIndex(string name) => _destinationIndex.TryGetValue(name, out var i) ? i : throw new ArgumentException($"'{name}' is not a destination input.");

    /// <summary>The edge from source row <paramref name="sourceIndex"/> to destination column <paramref name="destinationIndex"/>, or null where none exists.</summary>
    public Edge? EdgeAt(int sourceIndex, int destinationIndex)
    {
        var index = _edgeAt[sourceIndex * Destinations.Count + destinationIndex];
        return index < 0 ? null : Edges[index];
    }

    /// <summary>
    /// The model hook point carrying <paramref name="destination"/>'s input: <c>blocks.{l}.hook_{q,k,v}_input</c> (per head,
    /// [b, p, h, d]), <c>blocks.{l}.hook_mlp_in</c>, or the last block's <c>hook_resid_post</c> for <c>logits</c>.
    /// </summary>
    public string InputHookOf(Destination destination) => destination.Node.Kind switch
    {
        NodeKind.AttentionHead => $"blocks.{destination.Node.Layer}.hook_{destination.Slot switch { InputSlot.Query => "q", InputSlot.Key => "k", _ => "v" }}_input",
        NodeKind.Mlp => $"blocks.{destination.Node.Layer}.hook_mlp_in",
        _ => $"blocks.{Layers - 1}.hook_resid_post",
    };

    /// <summary>Whether <paramref name="source"/>'s output reaches <paramref name="reader"/>'s input through the residual stream.</summary>
    public static bool Feeds(Node source, Node reader) => source.Kind switch
    {
        NodeKind.Logits => false,
        NodeKind.Input => reader.Kind != NodeKind.Input,
        NodeKind.AttentionHead => source.Layer < reader.Layer || (source.Layer == reader.Layer && reader.Kind == NodeKind.Mlp),
        _ => source.Layer < reader.Layer,
    };

    private KeyNotFoundException UnknownEdge(string name)
    {
        var parts = name.Split("->");
        if (parts.Length != 2) return new KeyNotFoundException($"'{name}' is not an edge name; write src->dst, e.g. a0.h1->a1.h0<k>.");
        var src = Node(parts[0]);
        var dst = Destinations.FirstOrDefault(d => d.Name == parts[1])
            ?? throw new KeyNotFoundException($"No destination input '{parts[1]}'; heads have <q>, <k>, <v> inputs (a1.h0<q>), MLPs and logits one (m1, logits).");
        return new KeyNotFoundException($"No edge {name}: {src.Name} does not feed {dst.Node.Name} (a source only feeds later layers; an MLP also reads its own layer's heads).");
    }
}
