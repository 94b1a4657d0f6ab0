namespace CircuitBench.Circuits.Graph;

/// <summary>
/// A part of a <see cref="CircuitGraph"/> closed under reachability: the nodes and the edges on paths
/// into (backward slice) or out of (forward slice) a set of nodes. Algorithms and evaluation can run on
/// a slice to skip everything that cannot matter.
/// </summary>
public sealed class GraphSlice
{
    private GraphSlice(CircuitGraph graph, HashSet<Node> nodes, bool[] edgeMask)
    {
        Graph = graph;
        Nodes = nodes;
        EdgeMask = edgeMask;
        Edges = graph.Edges.Where(e => edgeMask[e.Index]).ToArray();
    }

    /// <summary>The whole graph the slice was cut from.</summary>
    public CircuitGraph Graph { get; }

    /// <summary>Nodes in the slice.</summary>
    public IReadOnlySet<Node> Nodes { get; }

    /// <summary>Per graph edge (canonical order): true when the edge is in the slice.</summary>
    public IReadOnlyList<bool> EdgeMask { get; }

    /// <summary>The slice's edges in canonical order.</summary>
    public IReadOnlyList<Edge> Edges { get; }

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
