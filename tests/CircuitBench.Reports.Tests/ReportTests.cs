using CircuitBench.Reports.Documents;

namespace CircuitBench.Reports.Tests;

public class ReportTests
{
    private static readonly ReportDocument Report = new("Sweep <default>",
    [
        new Heading(2, "Results"),
        new Paragraph("AUC against the ground truth; a | pipe & an <angle>."),
        new Table(["algorithm", "auc", "note"], [["eap", "0.736", "x|y"], ["acdc", "n/a", ""]]),
        new Figure("plots/roc.svg", "ROC curves"),
    ]);

    [Fact]
    public void Markdown_right_aligns_numeric_columns_escapes_pipes_and_links_figures()
    {
        var md = MarkdownWriter.Write(Report);
        Assert.Contains("|---|---:|---|", md, StringComparison.Ordinal);
        Assert.Contains("x\\|y", md, StringComparison.Ordinal);
        Snapshot.Match("report.md", md);
    }

    [Fact]
    public void Html_is_escaped_and_self_contained_with_the_figures_inlined()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(folder, "plots"));
        try
        {
            File.WriteAllText(Path.Combine(folder, "plots", "roc.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n");
            ReportFiles.WriteReport(Report, folder);
            var html = File.ReadAllText(Path.Combine(folder, "report.html"));
            Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>", html, StringComparison.Ordinal);
            Assert.Contains("<title>Sweep &lt;default&gt;</title>", html, StringComparison.Ordinal);
            Assert.Contains("<td class=\"n\">0.736</td>", html, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder, "report.md")));
            Snapshot.Match("report.html", html);
            File.Delete(Path.Combine(folder, "plots", "roc.svg"));
            Assert.Contains("(missing figure plots/roc.svg)", HtmlWriter.Write(Report, folder), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
