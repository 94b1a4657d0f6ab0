using System.Globalization;
using System.Text.Json.Nodes;
using CircuitBench.Parquet;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;
using CircuitBench.Reports.Charts;
using CircuitBench.Reports.Diagrams;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>plots</c>: the sweep's SVG figures, listed with captions in <c>plots.json</c> (grouped by model and task, in sweep
/// order). Per (model, task, metric), over the cells of the first ablation: faithfulness of the top-|score| circuits
/// against their size (log x) and ROC curves with AUC in the legend, one line per algorithm; CPR and CMD bars per
/// algorithm grouped by ablation. Per (model, task): the robustness heatmap (mean Spearman ρ per algorithm and axis) and
/// the circuit of the highest-AUC cell at the size nearest 10 % of the edges, as DOT (rendered to SVG and PNG when
/// Graphviz and rsvg-convert are installed), and a PNG of every chart when rsvg-convert is; renders are volatile because
/// they depend on the tools present.
/// </summary>
internal static class PlotsStage
{
    public const int Schema = 1;
    public const string IndexFile = "plots.json";
    private const double DiagramFraction = 0.1;

    public static string Target(SweepSpec sweep) => $"{StageNames.Plots}/{sweep.Name}";

    public static StageKey Key(SweepSpec sweep, TargetResult summary, IReadOnlyList<CellOutputs> cells)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal) { ["aggregate"] = summary.ContentHash };
        foreach (var cell in cells)
        {
            inputs[$"{cell.Cell.Id}/evaluate"] = cell.Evaluation.ContentHash;
            inputs[$"{cell.Cell.Id}/roc"] = cell.Roc!.ContentHash;
            inputs[$"{cell.Cell.Id}/circuits"] = cell.Circuits.ContentHash;
            inputs[$"{cell.Cell.Id}/scores"] = cell.Scores.ContentHash;
        }
        return new StageKey(StageNames.Plots, Schema, new JsonObject
        {
            ["sweep"] = sweep.Name, ["diagram_fraction"] = DiagramFraction,
            ["graphviz"] = GraphvizRenderer.Find("dot") is not null, ["rsvg_convert"] = GraphvizRenderer.Find("rsvg-convert") is not null,
        }, inputs, Code);
    }

    /// <summary>
    /// The renders (volatile: their bytes depend on the installed tools' versions): the circuit's Graphviz SVG, and a PNG
    /// of every figure when <c>rsvg-convert</c> is installed.
    /// </summary>
    public static IReadOnlyList<string> Volatile(IReadOnlyList<CellOutputs> cells) =>
        [.. cells.GroupBy(c => Stem(c.Cell.Spec), StringComparer.Ordinal).SelectMany(group => group
            .Select(c => Slug(c.Cell.Spec.Metric)).Distinct(StringComparer.Ordinal)
            .SelectMany(metric => ChartKinds.Select(kind => Path.ChangeExtension(ChartFile(group.Key, metric, kind), ".png")))
            .Concat([$"{group.Key}_robustness.png", $"{group.Key}_circuit.render.svg", $"{group.Key}_circuit.png"]))];

    private static string Stem(RunSpec spec) => Slug($"{spec.ModelId}_{spec.Task}");

    /// <summary>The charts drawn per (model, task, metric).</summary>
    private static readonly string[] ChartKinds = ["faithfulness", "roc", "cpr", "cmd"];

    private static string ChartFile(string stem, string metric, string kind) => $"{stem}_{Slug(metric)}_{kind}.svg";

    /// <summary>Each cell's AUC, CPR and CMD, from the aggregate's summary (one read instead of one JSON file per cell and use).</summary>
    private static Dictionary<string, (double Auc, double Cpr, double Cmd)> SummaryNumbers(TargetResult summary)
    {
        var table = ParquetReader.Read(summary.File(AggregateStage.SummaryFile)).Table;
        var (cells, auc, cpr, cmd) = (table.Get<string>("cell"), table.Get<double>("auc"), table.Get<double>("cpr"), table.Get<double>("cmd"));
        return Enumerable.Range(0, table.RowCount).ToDictionary(i => cells[i], i => (auc[i], cpr[i], cmd[i]), StringComparer.Ordinal);
    }

    public static void Build(TargetResult summary, IReadOnlyList<CellOutputs> cells, string folder, Action<string> log)
    {
        var index = new JsonArray();
        var robustness = ParquetReader.Read(summary.File(AggregateStage.RobustnessFile)).Table;
        var numbers = SummaryNumbers(summary);
        double Auc(CellOutputs cell) => numbers[cell.Cell.Id].Auc;
        double Mean(IEnumerable<CellOutputs> chosen, string key) => chosen.Select(c => key == "cpr" ? numbers[c.Cell.Id].Cpr : numbers[c.Cell.Id].Cmd)
            .Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        foreach (var group in cells.GroupBy(c => (c.Cell.Spec.ModelId, c.Cell.Spec.Task)))
        {
            var (model, task) = group.Key;
            var stem = Stem(group.First().Cell.Spec);
            var figures = new JsonArray();
            foreach (var byMetric in group.GroupBy(c => c.Cell.Spec.Metric))
            {
                var metric = byMetric.Key;
                var ablation = byMetric.First().Cell.Spec.Ablation;
                var headline = byMetric.Where(c => c.Cell.Spec.Ablation == ablation).GroupBy(c => c.Cell.Spec.Algorithm).Select(g => g.First()).ToArray();
                var setting = $"{model}, {task}, metric {metric}, ablation {ablation}";
                figures.Add(Write(folder, ChartFile(stem, metric, "faithfulness"), $"Faithfulness of the top-|score| circuits against their size ({setting}).",
                    LineChart.Render(new ChartLabels($"Faithfulness: {task} ({metric}, {ablation})", "edges in circuit (log scale)", "faithfulness"),
                        [.. headline.Select(c => new ChartSeries(c.Cell.Spec.Algorithm, Curve(c)))], logX: true, includeY: [0, 1]), log));
                figures.Add(Write(folder, ChartFile(stem, metric, "roc"), $"ROC curves against the ground truth ({setting}).",
                    LineChart.Roc($"ROC: {task} ({metric}, {ablation})", [.. headline.Select(c => new ChartSeries(
                        string.Create(CultureInfo.InvariantCulture, $"{c.Cell.Spec.Algorithm} (AUC {Auc(c):0.000})"), RocCurve(c)))]), log));
                var algorithms = byMetric.Select(c => c.Cell.Spec.Algorithm).Distinct().ToArray();
                var ablations = byMetric.Select(c => c.Cell.Spec.Ablation).Distinct().ToArray();
                foreach (var (name, key) in new[] { ("CPR", "cpr"), ("CMD", "cmd") })
                    figures.Add(Write(folder, ChartFile(stem, metric, key), $"{name} per algorithm and ablation ({model}, {task}, metric {metric}; mean over seeds).",
                        BarChart.Render(new ChartLabels($"{name}: {task} ({metric})", "algorithm", name), algorithms,
                            [.. ablations.Select(a => new BarGroup(a, [.. algorithms.Select(alg => Mean(byMetric.Where(c => c.Cell.Spec.Algorithm == alg && c.Cell.Spec.Ablation == a), key))]))]), log));
            }
            figures.Add(Write(folder, $"{stem}_robustness.svg", $"Robustness ({model}, {task}): mean Spearman ρ of |edge scores| between cells differing in one axis only (n/a: the sweep varies that axis not at all).",
                RobustnessHeatmap(robustness, model, task), log));
            var best = group.MaxBy(c => double.IsNaN(Auc(c)) ? double.NegativeInfinity : Auc(c))!;
            figures.Add(Diagram(folder, stem, best, log));
            index.Add(new JsonObject { ["model"] = model, ["task"] = task, ["figures"] = figures });
        }
        StageJson.Write(Path.Combine(folder, IndexFile), index);
    }

    private static JsonObject Diagram(string folder, string stem, CellOutputs cell, Action<string> log)
    {
        var circuits = ParquetReader.Read(cell.Circuits.File(CircuitsStage.FileName)).Table;
        var fractions = circuits.Get<double>("fraction");
        var chosen = fractions.Distinct().OrderBy(f => Math.Abs(f - DiagramFraction)).ThenBy(f => f).FirstOrDefault(double.NaN);
        var scores = ParquetReader.Read(cell.Scores.File(AttributeStage.ScoresFile)).Table;
        var byEdge = scores.Get<string>("edge").Zip(scores.Get<double>("score")).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        var edges = circuits.Get<string>("edge").Where((_, i) => fractions[i] == chosen).Select(name =>
        {
            var (source, destination) = (name[..name.IndexOf("->", StringComparison.Ordinal)], name[(name.IndexOf("->", StringComparison.Ordinal) + 2)..]);
            var slot = destination.EndsWith('>') ? destination[(destination.IndexOf('<', StringComparison.Ordinal) + 1)..^1] : null;
            return new DiagramEdge(source, slot is null ? destination : destination[..destination.IndexOf('<', StringComparison.Ordinal)], slot, byEdge[name]);
        }).ToArray();
        var title = string.Create(CultureInfo.InvariantCulture, $"{cell.Cell.Id}: {edges.Length} edges (top {chosen:P1} by |score|, pruned)");
        var dotFile = Path.Combine(folder, $"{stem}_circuit.dot");
        File.WriteAllText(dotFile, CircuitDot.Write(title, edges));
        var render = GraphvizRenderer.Render(dotFile, Path.Combine(folder, $"{stem}_circuit.render.svg"), Path.Combine(folder, $"{stem}_circuit.png"));
        foreach (var skipped in render.Skipped) log($"circuit diagram: skipped {skipped}");
        return new JsonObject
        {
            ["file"] = render.Written.Count > 0 ? Path.GetFileName(render.Written[0]) : Path.GetFileName(dotFile),
            ["caption"] = $"The circuit of the highest-AUC cell, {title}; score ≈ m(edge ablated) − m(clean), so red (negative) edges carry the behaviour and blue ones work against it; edge labels name the q/k/v input."
                + (render.Written.Count > 0 ? "" : " (Graphviz is not installed: the DOT file is given; render it with `dot -Tsvg`.)"),
        };
    }

    private static string RobustnessHeatmap(ParquetTable robustness, string model, string task)
    {
        var (models, tasks, algorithmOf, axisOf, rho) = (robustness.Get<string>("model"), robustness.Get<string>("task"),
            robustness.Get<string>("algorithm"), robustness.Get<string>("axis"), robustness.Get<double>("mean_spearman"));
        var rows = Enumerable.Range(0, robustness.RowCount).Where(i => models[i] == model && tasks[i] == task).ToArray();
        var algorithms = rows.Select(i => algorithmOf[i]).Distinct().ToArray();
        var axes = Analysis.Robustness.Axes;
        var values = new double[algorithms.Length, axes.Count];
        foreach (var i in rows) values[Array.IndexOf(algorithms, algorithmOf[i]), axes.ToList().IndexOf(axisOf[i])] = rho[i];
        return Heatmap.Render($"Robustness: {task} (mean Spearman ρ)", algorithms, axes, values);
    }

    private static ChartPoint[] Curve(CellOutputs cell)
    {
        var table = ParquetReader.Read(cell.Evaluation.File(EvaluateStage.CurveFile)).Table;
        var ranking = table.Get<string>("ranking");
        var (edges, faithfulness) = (table.Get<int>("edges"), table.Get<double>("faithfulness"));
        return [.. Enumerable.Range(0, table.RowCount).Where(i => ranking[i] == "absolute").Select(i => new ChartPoint(edges[i], faithfulness[i]))];
    }

    private static ChartPoint[] RocCurve(CellOutputs cell)
    {
        var table = ParquetReader.Read(cell.Roc!.File(RocStage.CurveFile)).Table;
        return [.. table.Get<double>("fpr").Zip(table.Get<double>("tpr")).Select(p => new ChartPoint(p.First, p.Second))];
    }

    /// <summary>Writes one figure, and its PNG when <c>rsvg-convert</c> is installed.</summary>
    private static JsonObject Write(string folder, string file, string caption, string svg, Action<string> log)
    {
        var path = Path.Combine(folder, file);
        File.WriteAllText(path, svg);
        if (GraphvizRenderer.Find("rsvg-convert") is not null && GraphvizRenderer.ToPng(path, Path.ChangeExtension(path, ".png")) is { } failure)
            log($"{file}: no PNG ({failure})");
        return new JsonObject { ["file"] = file, ["caption"] = caption };
    }

    /// <summary>A file-name-safe form of <paramref name="text"/>: letters, digits, '-', '.', '_' kept, others '-'.</summary>
    private static string Slug(string text) => new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-')]);

    private static string Code { get; } = CodeVersion.Of(typeof(LineChart), typeof(ParquetWriter), typeof(PlotsStage));
}
