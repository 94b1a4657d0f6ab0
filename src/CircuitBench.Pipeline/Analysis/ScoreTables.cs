using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Graph;
using CircuitBench.Parquet;

namespace CircuitBench.Pipeline.Analysis;

/// <summary>
/// The Parquet tables of <c>attribute</c>. Edge level: one row per graph edge in canonical order, columns
/// <c>src</c>, <c>dst</c> (destination input, e.g. <c>a1.h0&lt;k&gt;</c>), <c>edge</c> (<c>src->dst</c>), <c>score</c>
/// (signed, ≈ m(edge ablated) − m(clean)) and <c>abs_rank</c> (1 = largest |score|; ties by edge order), and for scores
/// computed on a <see cref="GraphSlice"/> also <c>in_slice</c> (boolean; edges outside the slice score 0). Node level:
/// one row per source node, <c>node</c> and <c>score</c>: a node-level algorithm's own node score (hisp,
/// attribution-patching), else Σ |score| over the node's outgoing edges (how much ablating its edges moves the metric,
/// cancellations ignored); <c>logits</c> has no outgoing edge and no row.
/// </summary>
public static class ScoreTables
{
    /// <summary>The edge-level table of <paramref name="scores"/>, with an <c>in_slice</c> column when they were computed on <paramref name="slice"/>.</summary>
    public static ParquetTable Edges(CircuitGraph graph, IReadOnlyList<double> scores, GraphSlice? slice = null)
    {
        var ranks = new int[scores.Count];
        var position = 0;
        foreach (var index in CircuitBuilder.Ranking(scores, absolute: true)) ranks[index] = ++position;
        List<ParquetColumn> columns =
        [
            ParquetColumn.Create("src", graph.Edges.Select(e => e.Source.Name).ToArray()),
            ParquetColumn.Create("dst", graph.Edges.Select(e => e.Destination.Name).ToArray()),
            ParquetColumn.Create("edge", graph.Edges.Select(e => e.Name).ToArray()),
            ParquetColumn.Create("score", scores.ToArray()),
            ParquetColumn.Create("abs_rank", ranks),
        ];
        if (slice is not null) columns.Add(ParquetColumn.Create("in_slice", graph.Edges.Select(slice.Contains).ToArray()));
        return new ParquetTable(columns);
    }

    /// <summary>
    /// The node-level table of <paramref name="scores"/>: a node-level algorithm's own node scores when it has them
    /// (<see cref="AttributionScores.NodeScores"/>), else Σ |score| over each node's outgoing edges.
    /// </summary>
    public static ParquetTable Nodes(AttributionScores scores)
    {
        var graph = scores.Graph;
        if (scores.NodeScores is { } own)
            return new ParquetTable(ParquetColumn.Create("node", graph.Sources.Select(n => n.Name).ToArray()), ParquetColumn.Create("score", own.ToArray()));
        var sums = new double[graph.Sources.Count];
        foreach (var edge in graph.Edges) sums[edge.SourceIndex] += Math.Abs(scores.EdgeScores[edge.Index]);
        return new ParquetTable(
            ParquetColumn.Create("node", graph.Sources.Select(n => n.Name).ToArray()),
            ParquetColumn.Create("score", sums));
    }

    /// <summary>
    /// Edge scores in <paramref name="graph"/>'s edge order from an edge-level scores file; the file must score every
    /// edge of the graph exactly once (by the <c>edge</c> column).
    /// </summary>
    public static double[] ReadEdgeScores(ParquetFile file, CircuitGraph graph)
    {
        if (IsNodeTable(file))
            throw new ArgumentException($"'{file.Path}' holds node scores; this needs edge scores (run attribute with --level edge).");
        return ReadScores(file, "edge", "edges", graph.Edges.Select(e => e.Name).ToArray());
    }

    /// <summary>True when <paramref name="file"/> is a node-level table (a <c>node</c> column and no <c>edge</c> column).</summary>
    public static bool IsNodeTable(ParquetFile file)
    {
        var columns = file.Table.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return columns.Contains("node") && !columns.Contains("edge");
    }

    /// <summary>Node scores in <paramref name="graph"/>'s source order from a node-level scores file, which must score every source node exactly once.</summary>
    public static double[] ReadNodeScores(ParquetFile file, CircuitGraph graph) => ReadScores(file, "node", "source nodes", graph.Sources.Select(n => n.Name).ToArray());

    // The score of each name in `names` (in that order) from a table with a text key column and a double 'score' column.
    private static double[] ReadScores(ParquetFile file, string key, string what, string[] names)
    {
        var columns = file.Table.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (!columns.Contains(key) || !columns.Contains("score"))
            throw new ArgumentException($"'{file.Path}' is not a {key} scores file: it needs columns '{key}' and 'score', and has {string.Join(", ", columns.Order(StringComparer.Ordinal))}.");
        if (file.Table[key].Field.Type != ParquetType.String || file.Table["score"].Field.Type != ParquetType.Double)
            throw new ArgumentException($"'{file.Path}': column '{key}' must be text and 'score' a double; found {file.Table[key].Field} and {file.Table["score"].Field}.");
        var keys = file.Table.Get<string>(key);
        var score = file.Table["score"];
        var values = score.Field.IsNullable
            ? score.Get<double?>().Select((v, row) => v ?? throw new ArgumentException($"'{file.Path}' row {row}: the score is null.")).ToArray()
            : score.Get<double>();
        var scores = new double[names.Length];
        var seen = new bool[names.Length];
        var index = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        for (var row = 0; row < keys.Length; row++)
        {
            if (keys[row] is not { } name || !index.TryGetValue(name, out var at))
                throw new ArgumentException($"'{file.Path}' row {row}: {key} '{keys[row]}' is not in this model's graph ({names.Length} {what}); were the scores made for another model?");
            if (seen[at]) throw new ArgumentException($"'{file.Path}' row {row}: {key} '{keys[row]}' is scored twice.");
            (seen[at], scores[at]) = (true, values[row]);
        }
        var missing = Array.IndexOf(seen, false);
        if (missing >= 0)
            throw new ArgumentException($"'{file.Path}' scores {keys.Length} {what} but this model's graph has {names.Length}; e.g. '{names[missing]}' has no score.");
        return scores;
    }
}
