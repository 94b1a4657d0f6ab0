using System.Globalization;
using System.Text.Json.Nodes;
using CircuitBench.Parquet;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;
using CircuitBench.Reports.Charts;
using CircuitBench.Reports.Documents;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>report</c>: <c>report.md</c> and <c>report.html</c> (plots inlined) of the sweep — what was run, per (model, task)
/// the mean AUC, CPR, CMD and attribution seconds of each algorithm, the robustness table, the figures of
/// <see cref="PlotsStage"/>, every cell's row, and the stage timings with a runtime chart (<c>runtime.svg</c>). All its
/// outputs are volatile: they carry build timings.
/// </summary>
internal static class ReportStage
{
    public const int Schema = 2;
    public const string Markdown = "report.md", Html = "report.html", RuntimeFigure = "runtime.svg";

    public static IReadOnlyList<string> Volatile { get; } = [Markdown, Html, RuntimeFigure];

    public static string Target(SweepSpec sweep) => $"{StageNames.Report}/{sweep.Name}";

    public static StageKey Key(SweepSpec sweep, TargetResult summary, TargetResult plots) =>
        new(StageNames.Report, Schema, new JsonObject { ["sweep"] = sweep.Name },
            new Dictionary<string, string> { ["aggregate"] = summary.ContentHash, ["plots"] = plots.ContentHash }, Code);

    public static void Build(SweepSpec sweep, TargetResult summary, TargetResult plots, IReadOnlyList<CellOutputs> cells, string folder)
    {
        var table = ParquetReader.Read(summary.File(AggregateStage.SummaryFile)).Table;
        var timings = StageJson.Read(summary.File(AggregateStage.TimingsFile));
        double Seconds(string cell, string stage) => StageJson.ReadNumber(timings[cell]?[stage]);
        var rows = Enumerable.Range(0, table.RowCount).Select(i => new Row(
            table.Get<string>("cell")[i], table.Get<string>("model")[i], table.Get<string>("task")[i], table.Get<string>("algorithm")[i],
            table.Get<string>("ablation")[i], table.Get<string>("metric")[i], table.Get<int>("seed")[i], table.Get<double>("auc")[i],
            table.Get<double>("cpr")[i], table.Get<double>("cmd")[i])).ToArray();
        var blocks = new List<ReportBlock>
        {
            new Paragraph(string.Create(CultureInfo.InvariantCulture,
                $"{rows.Length} cells: models {List(rows.Select(r => r.Model))}; tasks {List(rows.Select(r => r.Task))}; algorithms {List(rows.Select(r => r.Algorithm))}; ablations {List(rows.Select(r => r.Ablation))}; metrics {List(rows.Select(r => r.Metric))}; seeds {List(rows.Select(r => r.Seed.ToString(CultureInfo.InvariantCulture)))}. ")
                + "AUC: ROC of the |score| ranking against the task's ground truth (derived from head diagnostics for toy induction; the exact-patching reference, edges with at least 10 % of the largest single-edge effect, where no mechanistic circuit is known, so exact patching scores 1 there by construction). "
                + "CPR and CMD: MIB's areas under the faithfulness curve of signed and |score| rankings. Built by CircuitBench " + Version + "."),
        };
        var index = JsonNode.Parse(File.ReadAllText(plots.File(PlotsStage.IndexFile)))!.AsArray();
        foreach (var group in rows.GroupBy(r => (r.Model, r.Task)))
        {
            blocks.Add(new Heading(2, $"{group.Key.Model} · {group.Key.Task}"));
            blocks.Add(new Table(["algorithm", "cells", "mean AUC", "mean CPR", "mean CMD", "attribute s (mean)"],
                [.. group.GroupBy(r => r.Algorithm).Select(a => new[] { a.Key, a.Count().ToString(CultureInfo.InvariantCulture),
                    F(a.Average(r => r.Auc)), F(a.Average(r => r.Cpr)), F(a.Average(r => r.Cmd)), F(a.Average(r => Seconds(r.Cell, "attribute_seconds")), "0.00") })]));
            var figures = index.Select(n => n!.AsObject()).FirstOrDefault(n => (string?)n["model"] == group.Key.Model && (string?)n["task"] == group.Key.Task);
            foreach (var figure in figures?["figures"]?.AsArray() ?? [])
                blocks.Add(new Figure($"plots/{(string)figure!["file"]!}", (string)figure["caption"]!));
        }
        blocks.Add(new Heading(2, "Robustness"));
        blocks.Add(new Paragraph("Spearman ρ between the |edge scores| of cells that differ in one axis only. Seed: the toy model is retrained and the dataset redrawn; heads of retrained models are not aligned, so a low seed ρ says the per-head ranking changes, not that the mechanism does."));
        var robustness = ParquetReader.Read(summary.File(AggregateStage.RobustnessFile)).Table;
        blocks.Add(new Table(["model", "task", "algorithm", "axis", "pairs", "mean ρ", "min ρ"], [.. Enumerable.Range(0, robustness.RowCount).Select(i => new[] { 
            robustness.Get<string>("model")[i], robustness.Get<string>("task")[i], robustness.Get<string>("algorithm")[i], robustness.Get<string>("axis")[i],
            robustness.Get<int>("pairs")[i].ToString(CultureInfo.InvariantCulture), F(robustness.Get<double>("mean_spearman")[i]), F(robustness.Get<double>("min_spearman")[i]) })]));
        blocks.Add(new Heading(2, "Stage timings"));
        var models = cells.GroupBy(c => c.Model.Folder).Select(g => g.First().Model).ToArray();
        var caches = cells.Where(c => c.Activations is not null).GroupBy(c => c.Activations!.Folder).Select(g => g.First().Activations!).ToArray();
        blocks.Add(new Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"Build seconds of each entry when it was built (cached entries keep their original time): models {models.Sum(m => m.Manifest.Seconds):0.0} s ({models.Length} entries), activations {caches.Sum(a => a.Manifest.Seconds):0.0} s ({caches.Length} entries), attribute {rows.Sum(r => Seconds(r.Cell, "attribute_seconds")):0.0} s, evaluate {rows.Sum(r => Seconds(r.Cell, "evaluate_seconds")):0.0} s.")));
        var algorithms = rows.Select(r => r.Algorithm).Distinct().ToArray();
        var settings = rows.Select(r => $"{r.Model}/{r.Task}").Distinct().ToArray();
        ReportFiles.Write(Path.Combine(folder, RuntimeFigure), BarChart.Render(new ChartLabels("Attribution time per cell (mean)", "algorithm", "seconds"), algorithms,
            [.. settings.Select(s => new BarGroup(s, [.. algorithms.Select(a => MeanOrNaN(rows.Where(r => $"{r.Model}/{r.Task}" == s && r.Algorithm == a).Select(r => Seconds(r.Cell, "attribute_seconds"))))]))]));
        blocks.Add(new Figure(RuntimeFigure, "Mean attribute-stage seconds per cell, by algorithm (2-core CPU)."));
        blocks.Add(new Heading(2, "All cells"));
        blocks.Add(new Table(["cell", "AUC", "CPR", "CMD", "attribute s", "evaluate s"], [.. rows.Select(r => new[] { 
            r.Cell, F(r.Auc), F(r.Cpr), F(r.Cmd), F(Seconds(r.Cell, "attribute_seconds"), "0.00"), F(Seconds(r.Cell, "evaluate_seconds"), "0.00") })]));
        var report = new ReportDocument($"Sweep {sweep.Name}", blocks);
        ReportFiles.WriteReport(report, folder, figure => figure.StartsWith("plots/", StringComparison.Ordinal)
            ? HtmlWriter.FiguresIn(plots.Folder)(figure["plots/".Length..]) : HtmlWriter.FiguresIn(folder)(figure));
    }

    private sealed record Row(string Cell, string Model, string Task, string Algorithm, string Ablation, string Metric, int Seed, double Auc, double Cpr, double Cmd);

    private static string List(IEnumerable<string> values) => string.Join(", ", values.Distinct());

    private static string F(double value, string format = "0.000") => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static double MeanOrNaN(IEnumerable<double> values) => values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();

    private static string Version => typeof(ReportStage).Assembly.GetName().Version?.ToString(3) ?? "?";

    private static string Code { get; } = CodeVersion.Of(typeof(ReportDocument), typeof(ParquetWriter), typeof(ReportStage));
}
