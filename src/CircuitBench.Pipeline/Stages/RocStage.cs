using System.Text.Json.Nodes;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Parquet;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>roc</c>: agreement of a cell's edge scores with its ground truth, as ACDC and EAP-IG evaluate it: the circuits of
/// every prefix of the |score| ranking (0 … all edges, unpruned) as ROC points (<c>roc.parquet</c>: <c>edges</c>,
/// <c>fpr</c>, <c>tpr</c>), and <c>roc.json</c> with the pessimistic staircase <c>auc</c> (<see cref="Roc.Auc"/>) and
/// the ground truth's <c>positives</c> and <c>negatives</c>.
/// </summary>
internal static class RocStage
{
    public const int Schema = 1;
    public const string CurveFile = "roc.parquet";
    public const string MetricsFile = "roc.json";

    public static string Target(SweepCell cell) => $"{StageNames.Roc}/{cell.Id}";

    public static StageKey Key(TargetResult graph, TargetResult scores, TargetResult truth) =>
        new(StageNames.Roc, Schema, new JsonObject { ["ranking"] = "absolute" },
            new Dictionary<string, string> { ["graph"] = graph.ContentHash, ["scores"] = scores.ContentHash, ["ground_truth"] = truth.ContentHash }, Code);

    public static void Build(CellInputs inputs, TargetResult scores, TargetResult truth, string folder)
    {
        var graph = inputs.Graph;
        var flags = GroundTruthStage.Flags(truth, graph);
        var points = Roc.FromScores(AttributeStage.Read(scores, graph), flags, absolute: true);
        ParquetWriter.Write(Path.Combine(folder, CurveFile), new ParquetTable(
            ParquetColumn.Create("edges", points.Select((_, i) => i).ToArray()),
            ParquetColumn.Create("fpr", points.Select(p => p.FalsePositiveRate).ToArray()),
            ParquetColumn.Create("tpr", points.Select(p => p.TruePositiveRate).ToArray())));
        var positives = flags.Count(f => f);
        StageJson.Write(Path.Combine(folder, MetricsFile), new JsonObject
        {
            ["auc"] = StageJson.Number(Roc.Auc(points)), ["positives"] = positives, ["negatives"] = flags.Length - positives,
        });
    }

    private static string Code { get; } = CodeVersion.Of(typeof(Roc), typeof(ParquetWriter), typeof(RocStage));
}
