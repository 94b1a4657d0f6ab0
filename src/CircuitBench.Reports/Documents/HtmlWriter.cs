using System.Text;
using CircuitBench.Reports.Svg;

namespace CircuitBench.Reports.Documents;

/// <summary>A report as one self-contained HTML page: text escaped, figures' SVG inlined from the report's folder.</summary>
public static class HtmlWriter
{
    private const string Style = "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}"
        + "th,td{border:1px solid #ccc;padding:3px 8px}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}"
        + "figure{display:inline-block;margin:0.5em}figcaption{font-size:0.9em;color:#555;max-width:640px}";

    /// <summary>The HTML of <paramref name="report"/>; figure paths are read relative to <paramref name="folder"/> (a missing figure is named, not fatal).</summary>
    public static string Write(ReportDocument report, string folder) => Write(report, FiguresIn(folder));

    /// <summary>Reads figures relative to <paramref name="folder"/> (null when the file does not exist).</summary>
    public static Func<string, string?> FiguresIn(string folder) =>
        figure => Path.Combine(folder, figure) is var path && File.Exists(path) ? File.ReadAllText(path) : null;

    /// <summary>The HTML of <paramref name="report"/>, each figure's SVG text given by <paramref name="readFigure"/> (null: missing).</summary>
    public static string Write(ReportDocument report, Func<string, string?> readFigure)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(SvgDocument.Escape(report.Title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<h1>")
            .Append(SvgDocument.Escape(report.Title)).Append("</h1>\n");
        foreach (var block in report.Blocks)
        {
            switch (block)
            {
                case Heading h:
                    var level = Math.Clamp(h.Level, 2, 6);
                    html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h{level}>{SvgDocument.Escape(h.Text)}</h{level}>\n");
                    break;
                case Paragraph p:
                    html.Append("<p>").Append(SvgDocument.Escape(p.Text)).Append("</p>\n");
                    break;
                case Table t:
                    html.Append("<table>\n<tr>").AppendJoin("", t.Header.Select(c => $"<th>{SvgDocument.Escape(c)}</th>")).Append("</tr>\n");
                    var numeric = Enumerable.Range(0, t.Header.Count).Select(c => MarkdownWriter.IsNumericColumn(t, c)).ToArray();
                    foreach (var row in t.Rows)
                        html.Append("<tr>").AppendJoin("", row.Select((c, i) => numeric[i] ? $"<td class=\"n\">{SvgDocument.Escape(c)}</td>" : $"<td>{SvgDocument.Escape(c)}</td>")).Append("</tr>\n");
                    html.Append("</table>\n");
                    break;
                case Figure f:
                    html.Append("<figure>\n").Append(readFigure(f.Path) ?? $"<p>(missing figure {SvgDocument.Escape(f.Path)})</p>\n")
                        .Append("<figcaption>").Append(SvgDocument.Escape(f.Caption)).Append("</figcaption>\n</figure>\n");
                    break;
            }
        }
        return html.Append("</body>\n</html>\n").ToString();
    }
}
