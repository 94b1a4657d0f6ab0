using System.Globalization;
using System.Text;

namespace CircuitBench.Reports.Diagrams;

/// <summary>An edge of a circuit diagram: source node, destination node, the destination input (q, k, v or null) and its score.</summary>
public sealed record DiagramEdge(string Source, string Destination, string? Input, double Score);

/// <summary>
/// A circuit as Graphviz DOT: nodes ranked by layer (<c>input</c> on top, <c>logits</c> at the bottom; heads of a layer
/// in one row, its MLP below them), edges labelled with the q/k/v input they enter, blue for positive and red for
/// negative scores, pen width growing with |score| relative to the largest.
/// </summary>
public static class CircuitDot
{
    /// <summary>The DOT text of <paramref name="edges"/> titled <paramref name="title"/>.</summary>
    public static string Write(string title, IReadOnlyList<DiagramEdge> edges)
    {
        var nodes = edges.SelectMany(e => new[] { e.Source, e.Destination }).Distinct(StringComparer.Ordinal).OrderBy(Rank).ThenBy(n => n, StringComparer.Ordinal).ToArray();
        var largest = edges.Count == 0 ? 1 : Math.Max(edges.Max(e => Math.Abs(e.Score)), double.Epsilon);
        var dot = new StringBuilder();
        dot.Append("digraph circuit {\n  graph [rankdir=TB, labelloc=t, fontname=\"Helvetica\", label=").Append(Quote(title)).Append("];\n");
        dot.Append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
        foreach (var rank in nodes.GroupBy(Rank))
        {
            dot.Append("  { rank=same;");
            foreach (var node in rank) dot.Append(' ').Append(Quote(node)).Append(" [fillcolor=").Append(Quote(Fill(node))).Append("];");
            dot.Append(" }\n");
        }
        foreach (var edge in edges)
        {
            var width = 0.5 + 3.5 * Math.Abs(edge.Score) / largest;
            dot.Append("  ").Append(Quote(edge.Source)).Append(" -> ").Append(Quote(edge.Destination)).Append(" [color=")
                .Append(edge.Score >= 0 ? "\"#2166ac\"" : "\"#b2182b\"")
                .Append(string.Create(CultureInfo.InvariantCulture, $", penwidth={width:0.##}"));
            if (edge.Input is not null) dot.Append(", label=").Append(Quote(edge.Input));
            dot.Append(string.Create(CultureInfo.InvariantCulture, $", tooltip=\"{edge.Score:G4}\"];\n"));
        }
        return dot.Append("}\n").ToString();
    }

    /// <summary>A DOT string literal: quotes and backslashes escaped, newlines removed.</summary>
    public static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) + "\"";

    /// <summary>Vertical order: input 0, heads of layer l at 2l+1, the MLP of layer l at 2l+2, logits last, anything else after.</summary>
    private static int Rank(string node)
    {
        if (node == "input") return 0;
        if (node == "logits") return int.MaxValue - 1;
        if (node.StartsWith('a') && node.IndexOf('.', StringComparison.Ordinal) is > 1 and var dot
            && int.TryParse(node.AsSpan(1, dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var layer)) return 2 * layer + 1;
        if (node.StartsWith('m') && int.TryParse(node.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var mlp)) return 2 * mlp + 2;
        return int.MaxValue;
    }

    private static string Fill(string node) => node switch
    {
        "input" or "logits" => "#eeeeee",
        _ when node.StartsWith('m') => "#fde0c5",
        _ => "#d1e5f0",
    };
}
