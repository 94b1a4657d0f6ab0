using System.Diagnostics;
using System.Text.Json.Nodes;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Parquet;
using CircuitBench.Pipeline.Analysis;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>evaluate</c>: MIB's faithfulness curves at the spec's sizes, f = (m(C) − m(empty)) / (m(full) − m(empty)),
/// signed ranking for CPR and absolute ranking for CMD. <c>curve.parquet</c> (<c>ranking</c>, <c>fraction</c>,
/// <c>edges</c>, <c>metric</c>, <c>faithfulness</c>), <c>metrics.json</c> (cpr, cmd, full, empty, prompts, edges) and
/// <c>cost.json</c> (volatile).
/// </summary>
internal static class EvaluateStage
{
    public const int Schema = 1;
    public const string MetricsFile = "metrics.json";
    public const string CurveFile = "curve.parquet";
    public const string CostFile = "cost.json";

    public static IReadOnlyList<string> Volatile { get; } = [CostFile];

    public static string Target(SweepCell cell) => $"{StageNames.Evaluate}/{cell.Id}";

    public static StageKey Key(RunSpec spec, TargetResult model, TargetResult dataset, TargetResult graph, TargetResult? activations, TargetResult scores)
    {
        var inputs = new Dictionary<string, string>
        {
            ["model"] = model.ContentHash, ["dataset"] = dataset.ContentHash, ["graph"] = graph.ContentHash, ["scores"] = scores.ContentHash,
        };
        if (activations is not null) inputs["activations"] = activations.ContentHash;
        return new(StageNames.Evaluate, Schema, new JsonObject
        {
            ["ablation"] = spec.Ablation, ["metric"] = spec.Metric, ["batch_size"] = spec.BatchSize,
            ["sizes"] = new JsonArray([.. spec.Sizes.Select(s => JsonValue.Create(s))]),
        }, inputs, Code);
    }

    public static void Build(RunSpec spec, CellInputs inputs, TargetResult? activations, TargetResult scores, string folder)
    {
        var clock = Stopwatch.StartNew();
        var graph = inputs.Graph;
        var edgeScores = AttributeStage.Read(scores, graph);
        var ablated = ActivationsStage.Outputs(spec, inputs, activations);
        var curves = BatchedFaithfulness.Curves(inputs.Model, graph, ablated.Batches, ablated, MetricRegistry.Get(spec.Metric), edgeScores, spec.Sizes, [false, true]);
        var rows = new[] { "signed", "absolute" }.SelectMany((ranking, r) => curves[r].Points.Select(p => (Ranking: ranking, Point: p))).ToArray();
        ParquetWriter.Write(Path.Combine(folder, CurveFile), new ParquetTable(
            ParquetColumn.Create("ranking", rows.Select(r => r.Ranking).ToArray()),
            ParquetColumn.Create("fraction", rows.Select(r => r.Point.Fraction).ToArray()),
            ParquetColumn.Create("edges", rows.Select(r => r.Point.Edges).ToArray()),
            ParquetColumn.Create("metric", rows.Select(r => r.Point.Metric).ToArray()),
            ParquetColumn.Create("faithfulness", rows.Select(r => r.Point.Normalized).ToArray())));
        StageJson.Write(Path.Combine(folder, MetricsFile), new JsonObject
        {
            ["cpr"] = StageJson.Number(curves[0].AreaUnder), ["cmd"] = StageJson.Number(curves[1].AreaFromOne),
            ["full"] = StageJson.Number(curves[0].Full), ["empty"] = StageJson.Number(curves[0].Empty),
            ["prompts"] = inputs.Dataset.Prompts.Count, ["edges"] = graph.Edges.Count,
        });
        StageJson.Write(Path.Combine(folder, CostFile), new JsonObject { ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3) });
    }

    private static string Code { get; } = CodeVersion.Of(typeof(Faithfulness), typeof(Models.Training.Recipes), typeof(Tensors.Tensor), typeof(ParquetWriter), typeof(EvaluateStage));
}
