using System.Text;

namespace CircuitBench.Reports.Documents;

/// <summary>Writes report outputs atomically (temporary file, then rename), UTF-8 without BOM, "\n" line ends.</summary>
public static class ReportFiles
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, string text)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes <c>report.md</c> and <c>report.html</c> of <paramref name="report"/> into <paramref name="folder"/> (where its figures are).</summary>
    public static void WriteReport(ReportDocument report, string folder) => WriteReport(report, folder, HtmlWriter.FiguresIn(folder));

    /// <summary>Writes <c>report.md</c> and <c>report.html</c> into <paramref name="folder"/>, figures read by <paramref name="readFigure"/>.</summary>
    public static void WriteReport(ReportDocument report, string folder, Func<string, string?> readFigure)
    {
        Write(Path.Combine(folder, "report.md"), MarkdownWriter.Write(report));
        Write(Path.Combine(folder, "report.html"), HtmlWriter.Write(report, readFigure));
    }
}
