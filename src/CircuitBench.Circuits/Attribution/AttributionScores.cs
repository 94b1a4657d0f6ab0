using CircuitBench.Circuits.Graph;

namespace CircuitBench.Circuits.Attribution;

/// <summary>What an attribution run cost.</summary>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Forwards">Forward passes run.</param>
/// <param name="Backwards">Backward passes run.</param>
/// <param name="PeakWorkingSetBytes">The process's peak resident memory during the run (on Linux; elsewhere its peak so far), see <c>PeakMemory</c>.</param>
public sealed record AttributionCost(TimeSpan Elapsed, int Forwards, int Backwards, long PeakWorkingSetBytes);

/// <summary>
/// One signed score per edge of <see cref="Graph"/>, in canonical edge order. Scores estimate (or, for
/// <c>exact</c>, are) <c>m(edge ablated) − m(clean)</c> with m the batch-mean metric: one sign convention for
/// every algorithm. Circuits may rank by |score|.
/// </summary>
public sealed record AttributionScores(string Algorithm, CircuitGraph Graph, double[] EdgeScores, AttributionCost Cost)
{
    /// <summary>The score of the edge called <paramref name="name"/>.</summary>
    public double this[string name] => EdgeScores[Graph.Edge(name).Index];

    /// <summary>
    /// For node-level algorithms (hisp, attribution-patching), their own score per source node, indexed like
    /// <see cref="CircuitGraph.Sources"/> (every edge then carries its source's score); null for edge-level ones.
    /// </summary>
    public IReadOnlyList<double>? NodeScores { get; init; }

    /// <summary>
    /// These scores with every edge outside <paramref name="slice"/> set to 0 (the same scores when it is null): how
    /// algorithms that compute every edge anyway honour <see cref="AttributionContext.Slice"/>. Algorithm and cost are kept;
    /// node scores are dropped (a node's edges may lie partly outside the slice).
    /// </summary>
    public AttributionScores RestrictedTo(GraphSlice? slice)
    {
        if (slice is null) return this;
        slice.RequireGraph(Graph);
        return this with { EdgeScores = Graph.Edges.Select(e => slice.Contains(e) ? EdgeScores[e.Index] : 0.0).ToArray(), NodeScores = null };
    }

    /// <summary>Per-edge scores taken from a dense [n_src, n_dst] matrix.</summary>
    internal static double[] FromDense(CircuitGraph graph, double[] dense) =>
        graph.Edges.Select(e => dense[e.SourceIndex * graph.Destinations.Count + e.DestinationIndex]).ToArray();
}
