using System.Text.Json.Nodes;
using CircuitBench.Circuits.Construction;
using CircuitBench.Parquet;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>circuits</c>: for each size in the spec (a fraction of all edges), the top round(fraction · edges) edges by
/// |score|, pruned of dangling edges (<see cref="CircuitBuilder.TopN"/>). <c>circuits.parquet</c> has one row per
/// (size, edge in that circuit): <c>fraction</c>, <c>edges_requested</c>, <c>edges</c> (after pruning), <c>edge</c>.
/// </summary>
internal static class CircuitsStage
{
    public const int Schema = 1;
    public const string FileName = "circuits.parquet";

    public static string Target(SweepCell cell) => $"{StageNames.Circuits}/{cell.Id}";

    public static StageKey Key(RunSpec spec, TargetResult model, TargetResult graph, TargetResult scores) =>
        new(StageNames.Circuits, Schema, new JsonObject { ["sizes"] = new JsonArray([.. spec.Sizes.Select(s => JsonValue.Create(s))]) },
            new Dictionary<string, string> { ["model"] = model.ContentHash, ["graph"] = graph.ContentHash, ["scores"] = scores.ContentHash }, Code);

    public static void Build(RunSpec spec, CellInputs inputs, TargetResult scores, string folder)
    {
        var graph = inputs.Graph;
        var edgeScores = AttributeStage.Read(scores, graph);
        var rows = new List<(double Fraction, int Requested, int Edges, string Edge)>();
        foreach (var fraction in spec.Sizes)
        {
            var requested = (int)Math.Round(fraction * graph.Edges.Count);
            var circuit = CircuitBuilder.TopN(graph, edgeScores, requested, absolute: true, prune: true);
            rows.AddRange(circuit.Edges.Select(e => (fraction, requested, circuit.EdgeCount, e.Name)));
        }
        ParquetWriter.Write(Path.Combine(folder, FileName), new ParquetTable(
            ParquetColumn.Create("fraction", rows.Select(r => r.Fraction).ToArray()),
            ParquetColumn.Create("edges_requested", rows.Select(r => r.Requested).ToArray()),
            ParquetColumn.Create("edges", rows.Select(r => r.Edges).ToArray()),
            ParquetColumn.Create("edge", rows.Select(r => r.Edge).ToArray())));
    }

    private static string Code { get; } = CodeVersion.Of(typeof(CircuitBuilder), typeof(ParquetWriter), typeof(CircuitsStage));
}
