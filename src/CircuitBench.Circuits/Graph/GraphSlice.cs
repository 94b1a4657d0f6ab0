namespace CircuitBench.Circuits.Graph;

/// <summary>
/// A part of a <see cref="CircuitGraph"/> closed under reachability: the nodes and the edges on paths
/// into (backward slice) or out of (forward slice) a set of nodes. Algorithms and evaluation can run on
/// a slice to skip everything that cannot matter.
/// <para>
/// Running on a slice restricts the edges under study, never the model: an edge outside the slice is never
/// ablated — it is always kept, as in the full model — and scores 0. Attribution (<c>AttributionContext.Slice</c>)
/// scores only slice edges; a faithfulness curve (<c>Faithfulness.Curve</c> with a slice) sizes circuits as fractions
/// of the slice's edges, picks them among the slice's edges, and ablates a circuit's complement only within the slice
/// (its "empty" circuit ablates every slice edge and keeps everything else).
/// </para>
/// </summary>
public sealed class GraphSlice
{
    private readonly bool[] _edgeMask;

    private GraphSlice(CircuitGraph graph, HashSet<Node> nodes, bool[] edgeMask)
    {
        Graph = graph;
        Nodes = nodes;
        _edgeMask = edgeMask;
        Edges = graph.Edges.Where(e => edgeMask[e.Index]).ToArray();
    }

    /// <summary>The whole graph the slice was cut from.</summary>
    public CircuitGraph Graph { get; }

    /// <summary>Nodes in the slice.</summary>
    public IReadOnlySet<Node> Nodes { get; }

    /// <summary>Per graph edge (canonical order): true when the edge is in the slice.</summary>
    public IReadOnlyList<bool> EdgeMask => _edgeMask;

    /// <summary>The slice's edges in canonical order.</summary>
    public IReadOnlyList<Edge> Edges { get; }

    /// <summary>Whether <paramref name="edge"/> (an edge of <see cref="Graph"/>) is in the slice.</summary>
    public bool Contains(Edge edge) => _edgeMask[edge.Index];

    /// <summary>Throws when <paramref name="graph"/> is not the graph the slice was cut from (a graph of another model shape).</summary>
    internal void RequireGraph(CircuitGraph graph)
    {
        if (ReferenceEquals(graph, Graph) || (graph.Layers == Graph.Layers && graph.Heads == Graph.Heads && graph.HasMlp == Graph.HasMlp)) return;
        throw new ArgumentException($"The slice was cut from a graph of {Graph.Edges.Count} edges ({Graph.Layers} layers × {Graph.Heads} heads), "
            + $"not from this one of {graph.Edges.Count} ({graph.Layers} layers × {graph.Heads} heads).");
    }

    /// <summary>Everything that can reach <paramref name="targets"/>: their upstream nodes and the edges between them.</summary>
    public static GraphSlice Backward(CircuitGraph graph, IEnumerable<Node> targets)
    {
        var nodes = Closure(targets, node => graph.Edges.Where(e => e.Destination.Node == node).Select(e => e.Source));
        return new GraphSlice(graph, nodes, graph.Edges.Select(e => nodes.Contains(e.Destination.Node)).ToArray());
    }

    /// <summary>Everything reachable from <paramref name="starts"/>: their downstream nodes and the edges between them.</summary>
    public static GraphSlice Forward(CircuitGraph graph, IEnumerable<Node> starts)
    {
        var nodes = Closure(starts, node => graph.Edges.Where(e => e.Source == node).Select(e => e.Destination.Node));
        return new GraphSlice(graph, nodes, graph.Edges.Select(e => nodes.Contains(e.Source)).ToArray());
    }

    private static HashSet<Node> Closure(IEnumerable<Node> seeds, Func<Node, IEnumerable<Node>> next)
    {
        var seen = new HashSet<Node>(seeds);
        var queue = new Queue<Node>(seen);
        while (queue.TryDequeue(out var node))
            foreach (var neighbour in next(node))
                if (seen.Add(neighbour)) queue.Enqueue(neighbour);
        return seen;
    }
}
