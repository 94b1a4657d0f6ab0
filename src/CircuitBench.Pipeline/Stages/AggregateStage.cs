using System.Text.Json.Nodes;
using CircuitBench.Parquet;
using CircuitBench.Pipeline.Analysis;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>aggregate</c>: <c>summary.parquet</c> with one row per cell in sweep order — <c>cell</c>, <c>model</c>,
/// <c>task</c>, <c>algorithm</c>, <c>ablation</c>, <c>metric</c>, <c>seed</c>, <c>edges</c>, <c>prompts</c>,
/// <c>cpr</c>, <c>cmd</c>, <c>full</c>, <c>empty</c>, <c>auc</c> (against the cell's ground truth; NaN where undefined) — and <c>timings.json</c> (volatile: per
/// cell, the attribute and evaluate build seconds) and <c>robustness.parquet</c> (<see cref="Robustness"/>: per model,
/// task, algorithm and axis, the pairs compared and their mean and lowest Spearman ρ).
/// </summary>
internal static class AggregateStage
{
    public const int Schema = 3;
    public const string SummaryFile = "summary.parquet";
    public const string TimingsFile = "timings.json";
    public const string RobustnessFile = "robustness.parquet";

    /// <summary>The files published to <c>results/sweeps/NAME/</c>.</summary>
    public static IReadOnlyList<string> Published { get; } = [SummaryFile, RobustnessFile, TimingsFile];

    public static IReadOnlyList<string> Volatile { get; } = [TimingsFile];

    public static string Target(SweepSpec sweep) => $"{StageNames.Aggregate}/{sweep.Name}";

    public static StageKey Key(SweepSpec sweep, IReadOnlyList<TargetResult> evaluations, IReadOnlyList<TargetResult> rocs, IReadOnlyList<TargetResult> attributions)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < sweep.Cells.Count; i++)
        {
            inputs[sweep.Cells[i].Id] = evaluations[i].ContentHash;
            inputs[$"{sweep.Cells[i].Id}/roc"] = rocs[i].ContentHash;
            inputs[$"{sweep.Cells[i].Id}/scores"] = attributions[i].ContentHash;
        }
        return new StageKey(StageNames.Aggregate, Schema, new JsonObject { ["cells"] = new JsonArray([.. sweep.Cells.Select(c => JsonValue.Create(c.Id))]) }, inputs, Code);
    }

    public static void Build(SweepSpec sweep, IReadOnlyList<TargetResult> evaluations, IReadOnlyList<TargetResult> rocs, IReadOnlyList<TargetResult> attributions, string folder)
    {
        var metrics = evaluations.Select(e => StageJson.Read(e.File(EvaluateStage.MetricsFile))).ToArray();
        var aucs = rocs.Select(r => StageJson.ReadNumber(StageJson.Read(r.File(RocStage.MetricsFile))["auc"])).ToArray();
        var cells = sweep.Cells;
        double Number(int i, string name) => StageJson.ReadNumber(metrics[i][name]);
        ParquetWriter.Write(Path.Combine(folder, SummaryFile), new ParquetTable(
            ParquetColumn.Create("cell", cells.Select(c => c.Id).ToArray()),
            ParquetColumn.Create("model", cells.Select(c => c.Spec.ModelId).ToArray()),
            ParquetColumn.Create("task", cells.Select(c => c.Spec.Task).ToArray()),
            ParquetColumn.Create("algorithm", cells.Select(c => c.Spec.Algorithm).ToArray()),
            ParquetColumn.Create("ablation", cells.Select(c => c.Spec.Ablation).ToArray()),
            ParquetColumn.Create("metric", cells.Select(c => c.Spec.Metric).ToArray()),
            ParquetColumn.Create("seed", cells.Select(c => c.Spec.Seed).ToArray()),
            ParquetColumn.Create("edges", metrics.Select(m => m["edges"]!.GetValue<int>()).ToArray()),
            ParquetColumn.Create("prompts", metrics.Select(m => m["prompts"]!.GetValue<int>()).ToArray()),
            ParquetColumn.Create("cpr", cells.Select((_, i) => Number(i, "cpr")).ToArray()),
            ParquetColumn.Create("cmd", cells.Select((_, i) => Number(i, "cmd")).ToArray()),
            ParquetColumn.Create("full", cells.Select((_, i) => Number(i, "full")).ToArray()),
            ParquetColumn.Create("empty", cells.Select((_, i) => Number(i, "empty")).ToArray()),
            ParquetColumn.Create("auc", aucs)));
        var robustness = Robustness.Compute(cells, [.. attributions.Select(a => ParquetReader.Read(a.File(AttributeStage.ScoresFile)).Table.Get<double>("score"))]);
        ParquetWriter.Write(Path.Combine(folder, RobustnessFile), new ParquetTable(
            ParquetColumn.Create("model", robustness.Select(r => r.Model).ToArray()),
            ParquetColumn.Create("task", robustness.Select(r => r.Task).ToArray()),
            ParquetColumn.Create("algorithm", robustness.Select(r => r.Algorithm).ToArray()),
            ParquetColumn.Create("axis", robustness.Select(r => r.Axis).ToArray()),
            ParquetColumn.Create("pairs", robustness.Select(r => r.Pairs).ToArray()),
            ParquetColumn.Create("mean_spearman", robustness.Select(r => r.MeanSpearman).ToArray()),
            ParquetColumn.Create("min_spearman", robustness.Select(r => r.MinSpearman).ToArray())));
        var timings = new JsonObject();
        for (var i = 0; i < cells.Count; i++)
            timings[cells[i].Id] = new JsonObject
            {
                ["attribute_seconds"] = attributions[i].Manifest.Seconds, ["evaluate_seconds"] = evaluations[i].Manifest.Seconds,
            };
        StageJson.Write(Path.Combine(folder, TimingsFile), timings);
    }

    private static string Code { get; } = CodeVersion.Of(typeof(ParquetWriter), typeof(Circuits.Evaluation.RankCorrelation), typeof(AggregateStage));
}
