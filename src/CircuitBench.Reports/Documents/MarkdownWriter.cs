using System.Text;

namespace CircuitBench.Reports.Documents;

/// <summary>A report as GitHub-flavoured Markdown (figures as image links relative to the report).</summary>
public static class MarkdownWriter
{
    /// <summary>The Markdown text of <paramref name="report"/>.</summary>
    public static string Write(ReportDocument report)
    {
        var md = new StringBuilder().Append("# ").Append(report.Title).Append("\n\n");
        foreach (var block in report.Blocks)
        {
            switch (block)
            {
                case Heading h:
                    md.Append('#', Math.Clamp(h.Level, 2, 6)).Append(' ').Append(h.Text).Append("\n\n");
                    break;
                case Paragraph p:
                    md.Append(p.Text).Append("\n\n");
                    break;
                case Table t:
                    md.Append("| ").AppendJoin(" | ", t.Header.Select(Cell)).Append(" |\n|");
                    for (var c = 0; c < t.Header.Count; c++) md.Append(IsNumericColumn(t, c) ? "---:|" : "---|");
                    md.Append('\n');
                    foreach (var row in t.Rows) md.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
                    md.Append('\n');
                    break;
                case Figure f:
                    md.Append("![").Append(Cell(f.Caption)).Append("](").Append(f.Path.Replace(" ", "%20", StringComparison.Ordinal)).Append(")\n\n*")
                        .Append(f.Caption).Append("*\n\n");
                    break;
            }
        }
        return md.ToString();
    }

    /// <summary>True when every non-empty cell of column <paramref name="c"/> is a number (or n/a).</summary>
    internal static bool IsNumericColumn(Table table, int c) =>
        table.Rows.Count > 0 && table.Rows.All(r => r[c] is "" or "n/a" || double.TryParse(r[c], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
