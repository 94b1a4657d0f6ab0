using CircuitBench.Circuits.Graph;
using CircuitBench.Tensors;

namespace CircuitBench.Circuits.Construction;

/// <summary>
/// A circuit: a set of edges of a <see cref="CircuitGraph"/> (in canonical edge order). Every edge outside it
/// is ablated when the circuit is evaluated. Its nodes are the endpoints of its edges.
/// </summary>
public sealed class Circuit
{
    private readonly bool[] _edges;

    /// <summary>A circuit holding the edges flagged in <paramref name="edges"/> (one flag per graph edge).</summary>
    public Circuit(CircuitGraph graph, bool[] edges)
    {
        if (edges.Length != graph.Edges.Count) throw new ArgumentException($"{edges.Length} edge flags for a graph of {graph.Edges.Count} edges.");
        Graph = graph;
        _edges = (bool[])edges.Clone();
        EdgeCount = _edges.Count(e => e);
    }

    /// <summary>The graph the circuit lives in.</summary>
    public CircuitGraph Graph { get; }

    /// <summary>Number of edges in the circuit.</summary>
    public int EdgeCount { get; }

    /// <summary>Whether graph edge <paramref name="index"/> is in the circuit.</summary>
    public bool Contains(int index) => _edges[index];

    /// <summary>Whether the edge called <paramref name="name"/> is in the circuit.</summary>
    public bool Contains(string name) => _edges[Graph.Edge(name).Index];

    /// <summary>The circuit's edges in canonical order.</summary>
    public IEnumerable<Edge> Edges => Graph.Edges.Where(e => _edges[e.Index]);

    /// <summary>The endpoints of the circuit's edges.</summary>
    public IReadOnlySet<Node> Nodes => Edges.SelectMany(e => new[] { e.Source, e.Destination.Node }).ToHashSet();

    /// <summary>Copy of the per-edge flags.</summary>
    public bool[] ToFlags() => (bool[])_edges.Clone();

    /// <summary>The empty circuit and the full graph.</summary>
    public static Circuit Empty(CircuitGraph graph) => new(graph, new bool[graph.Edges.Count]);

    /// <inheritdoc cref="Empty"/>
    public static Circuit Full(CircuitGraph graph) => new(graph, Enumerable.Repeat(true, graph.Edges.Count).ToArray());

    /// <summary>
    /// Patching weights [n_src, n_dst]: 1 for the circuit's edges, 0 for the others (or the reverse with
    /// <paramref name="complement"/>: ablate the circuit, keep the rest).
    /// </summary>
    public Tensor ToWeights(bool complement = false)
    {
        var weights = Tensor.Ones(Graph.Sources.Count, Graph.Destinations.Count);
        foreach (var e in Graph.Edges)
            if (_edges[e.Index] == complement) weights.Data[e.SourceIndex * Graph.Destinations.Count + e.DestinationIndex] = 0f;
        return weights;
    }

    /// <summary>
    /// This circuit united with every edge outside <paramref name="slice"/>: the model a circuit on a slice is evaluated
    /// as, since edges outside the slice are never ablated. Its <see cref="ToWeights"/> ablate only the slice edges the
    /// circuit lacks.
    /// </summary>
    public Circuit WithEdgesOutside(GraphSlice slice)
    {
        slice.RequireGraph(Graph);
        return new Circuit(Graph, Graph.Edges.Select(e => _edges[e.Index] || !slice.Contains(e)).ToArray());
    }

    /// <summary>A node-level circuit: the edges among <paramref name="nodes"/> (input and logits are always included).</summary>
    public static Circuit FromNodes(CircuitGraph graph, IEnumerable<Node> nodes)
    {
        var set = nodes.ToHashSet();
        set.Add(graph.Node("input"));
        set.Add(graph.Node("logits"));
        return new Circuit(graph, graph.Edges.Select(e => set.Contains(e.Source) && set.Contains(e.Destination.Node)).ToArray());
    }

    /// <summary>Size and a few edges, for logs.</summary>
    public override string ToString() => $"Circuit({EdgeCount} of {Graph.Edges.Count} edges)";
}
