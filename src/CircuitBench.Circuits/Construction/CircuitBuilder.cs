using CircuitBench.Circuits.Graph;

namespace CircuitBench.Circuits.Construction;

/// <summary>
/// Circuits from edge scores, as EAP-IG's <c>apply_topn</c>, <c>apply_threshold</c> and <c>apply_greedy</c>,
/// each optionally followed by <see cref="Prune"/>. Ranking uses |score| when <c>absolute</c> (the default),
/// else the signed score; ties break by canonical edge order, so results are deterministic.
/// On a <see cref="GraphSlice"/>, circuits are chosen among the slice's edges, and the edges outside it — never
/// ablated, so always in the model — count as present when pruning and are never pruned.
/// </summary>
public static class CircuitBuilder
{
    /// <summary>
    /// The <paramref name="n"/> best-scoring edges; on <paramref name="slice"/>, the n best among the slice's edges (the
    /// circuit holds slice edges only; see <see cref="Circuit.WithEdgesOutside"/> for the model it is evaluated as).
    /// </summary>
    public static Circuit TopN(CircuitGraph graph, IReadOnlyList<double> scores, int n, bool absolute = true, bool prune = true, GraphSlice? slice = null)
    {
        CheckScores(graph, scores);
        slice?.RequireGraph(graph);
        if (n < 0 || n > (slice?.Edges.Count ?? graph.Edges.Count))
            throw new ArgumentOutOfRangeException(nameof(n), slice is null
                ? $"A circuit of {n} edges does not fit a graph of {graph.Edges.Count}."
                : $"A circuit of {n} edges does not fit a slice of {slice.Edges.Count}.");
        var flags = new bool[graph.Edges.Count];
        foreach (var index in Ranking(scores, absolute).Where(i => slice is null || slice.Contains(graph.Edges[i])).Take(n)) flags[index] = true;
        var circuit = new Circuit(graph, flags);
        return prune ? Prune(circuit, slice) : circuit;
    }

    /// <summary>Every edge whose (absolute) score is at least <paramref name="threshold"/>.</summary>
    public static Circuit Threshold(CircuitGraph graph, IReadOnlyList<double> scores, double threshold, bool absolute = true, bool prune = true)
    {
        CheckScores(graph, scores);
        var circuit = new Circuit(graph, scores.Select(s => (absolute ? Math.Abs(s) : s) >= threshold).ToArray());
        return prune ? Prune(circuit) : circuit;
    }

    /// <summary>
    /// EAP-IG's greedy construction: start from <c>logits</c>; repeatedly add the best edge whose destination
    /// node is already in the circuit, adding its source node; stop at <paramref name="n"/> edges.
    /// </summary>
    public static Circuit Greedy(CircuitGraph graph, IReadOnlyList<double> scores, int n, bool absolute = true, bool prune = true)
    {
        CheckScores(graph, scores);
        var key = (int index) => absolute ? Math.Abs(scores[index]) : scores[index];
        var candidates = new PriorityQueue<int, (double, int)>();     // best first; ties by edge index
        var inCircuit = new HashSet<Node>();
        var flags = new bool[graph.Edges.Count];
        void Enter(Node node)
        {
            if (!inCircuit.Add(node)) return;
            foreach (var e in graph.Edges.Where(e => e.Destination.Node == node)) candidates.Enqueue(e.Index, (-key(e.Index), e.Index));
        }
        Enter(graph.Node("logits"));
        var added = 0;
        while (added < n && candidates.TryDequeue(out var index, out _))
        {
            if (flags[index]) continue;
            flags[index] = true;
            added++;
            Enter(graph.Edges[index].Source);
        }
        var circuit = new Circuit(graph, flags);
        return prune ? Prune(circuit) : circuit;
    }

    /// <summary>
    /// Removes dangling parts until none is left: an edge whose source (other than <c>input</c>) has no
    /// incoming circuit edge, or whose destination node (other than <c>logits</c>) has no outgoing one,
    /// cannot carry anything from the input to the logits. On <paramref name="slice"/>, every edge outside it is in
    /// the model whatever the circuit says: it counts as present and is never removed; only slice edges are pruned.
    /// </summary>
    public static Circuit Prune(Circuit circuit, GraphSlice? slice = null)
    {
        var graph = circuit.Graph;
        slice?.RequireGraph(graph);
        var flags = circuit.ToFlags();
        var fixedEdge = graph.Edges.Select(e => slice is not null && !slice.Contains(e)).ToArray();   // outside the slice: always present
        bool changed;
        do
        {
            var hasIn = new HashSet<Node>();
            var hasOut = new HashSet<Node>();
            foreach (var e in graph.Edges.Where(e => flags[e.Index] || fixedEdge[e.Index]))
            {
                hasOut.Add(e.Source);
                hasIn.Add(e.Destination.Node);
            }
            changed = false;
            foreach (var e in graph.Edges.Where(e => flags[e.Index] && !fixedEdge[e.Index]))
            {
                var sourceDead = e.Source.Kind != NodeKind.Input && !hasIn.Contains(e.Source);
                var destinationDead = e.Destination.Node.Kind != NodeKind.Logits && !hasOut.Contains(e.Destination.Node);
                if (!sourceDead && !destinationDead) continue;
                flags[e.Index] = false;
                changed = true;
            }
        }
        while (changed);
        return new Circuit(graph, flags);
    }

    /// <summary>Edge indices from best to worst.</summary>
    public static IEnumerable<int> Ranking(IReadOnlyList<double> scores, bool absolute = true) =>
        Enumerable.Range(0, scores.Count).OrderByDescending(i => absolute ? Math.Abs(scores[i]) : scores[i]).ThenBy(i => i);

    private static void CheckScores(CircuitGraph graph, IReadOnlyList<double> scores)
    {
        if (scores.Count != graph.Edges.Count) throw new ArgumentException($"{scores.Count} scores for a graph of {graph.Edges.Count} edges.");
        if (scores.Any(double.IsNaN)) throw new ArgumentException("Edge scores contain NaN; the attribution run went wrong.");
    }
}
