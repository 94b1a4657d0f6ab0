using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Graph;
using CircuitBench.Parquet;

namespace CircuitBench.Pipeline.Analysis;

/// <summary>
/// The Parquet tables of <c>attribute</c>. Edge level: one row per graph edge in canonical order, columns
/// <c>src</c>, <c>dst</c> (destination input, e.g. <c>a1.h0&lt;k&gt;</c>), <c>edge</c> (<c>src->dst</c>), <c>score</c>
/// (signed, ≈ m(edge ablated) − m(clean)) and <c>abs_rank</c> (1 = largest |score|; ties by edge order), and for scores
/// computed on a <see cref="GraphSlice"/> also <c>in_slice</c> (boolean; edges outside the slice score 0). Node level:
/// one row per source node, <c>node</c> and <c>score</c> = Σ |score| over the node's outgoing edges (how much ablating
/// its edges moves the metric, cancellations ignored; <c>logits</c> has no outgoing edge and no row).
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

    /// <summary>The node-level table of <paramref name="scores"/>.</summary>
    public static ParquetTable Nodes(CircuitGraph graph, IReadOnlyList<double> scores)
    {
        var sums = new double[graph.Sources.Count];
        foreach (var edge in graph.Edges) sums[edge.SourceIndex] += Math.Abs(scores[edge.Index]);
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
        var columns = file.Table.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (columns.Contains("node") && !columns.Contains("edge"))
            throw new ArgumentException($"'{file.Path}' holds node scores; evaluate needs edge scores (run attribute with --level edge).");
        if (!columns.Contains("edge") || !columns.Contains("score"))
            throw new ArgumentException($"'{file.Path}' is not an edge scores file: it needs columns 'edge' and 'score', and has {string.Join(", ", columns.Order(StringComparer.Ordinal))}.");
        if (file.Table["edge"].Field.Type != ParquetType.String || file.Table["score"].Field.Type != ParquetType.Double)
            throw new ArgumentException($"'{file.Path}': column 'edge' must be text and 'score' a double; found {file.Table["edge"].Field} and {file.Table["score"].Field}.");
        var names = file.Table.Get<string>("edge");
        var score = file.Table["score"];
        var values = score.Field.IsNullable
            ? score.Get<double?>().Select((v, row) => v ?? throw new ArgumentException($"'{file.Path}' row {row}: the score is null.")).ToArray()
            : score.Get<double>();
        var scores = new double[graph.Edges.Count];
        var seen = new bool[graph.Edges.Count];
        var byName = graph.Edges.ToDictionary(e => e.Name, StringComparer.Ordinal);
        for (var row = 0; row < names.Length; row++)
        {
            if (names[row] is not { } name || !byName.TryGetValue(name, out var edge))
                throw new ArgumentException($"'{file.Path}' row {row}: edge '{names[row]}' is not in this model's graph ({graph.Edges.Count} edges); were the scores made for another model?");
            if (seen[edge.Index]) throw new ArgumentException($"'{file.Path}' row {row}: edge '{names[row]}' is scored twice.");
            (seen[edge.Index], scores[edge.Index]) = (true, values[row]);
        }
        var missing = Array.IndexOf(seen, false);
        if (missing >= 0)
            throw new ArgumentException($"'{file.Path}' scores {names.Length} edges but this model's graph has {graph.Edges.Count}; e.g. '{graph.Edges[missing].Name}' has no score.");
        return scores;
    }
}
