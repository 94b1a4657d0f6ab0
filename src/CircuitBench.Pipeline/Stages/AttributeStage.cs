using System.Text.Json.Nodes;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Parquet;
using CircuitBench.Pipeline.Analysis;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>attribute</c>: edge scores (<c>scores.parquet</c>, columns of <see cref="ScoreTables.Edges"/>; with level node also
/// <c>node_scores.parquet</c>) of the cell's algorithm over its dataset in batches, and <c>cost.json</c> (volatile:
/// seconds, forwards, backwards). The Parquet files carry no timings so that equal inputs give equal bytes.
/// </summary>
internal static class AttributeStage
{
    public const int Schema = 1;
    public const string ScoresFile = "scores.parquet";
    public const string CostFile = "cost.json";

    public static IReadOnlyList<string> Volatile { get; } = [CostFile];

    public static string Target(SweepCell cell) => $"{StageNames.Attribute}/{cell.Id}";

    public static StageKey Key(RunSpec spec, TargetResult model, TargetResult dataset, TargetResult graph, TargetResult? activations)
    {
        var algorithm = AlgorithmRegistry.Get(spec.Algorithm);
        var parameters = new JsonObject();
        foreach (var (name, value) in AlgorithmParameters(spec, algorithm)) parameters[name] = value;
        var inputs = new Dictionary<string, string> { ["model"] = model.ContentHash, ["dataset"] = dataset.ContentHash, ["graph"] = graph.ContentHash };
        if (activations is not null) inputs["activations"] = activations.ContentHash;
        return new StageKey(StageNames.Attribute, Schema, new JsonObject
        {
            ["algorithm"] = spec.Algorithm, ["parameters"] = parameters, ["ablation"] = spec.Ablation, ["metric"] = spec.Metric,
            ["level"] = spec.Level, ["batch_size"] = spec.BatchSize,
        }, inputs, Code);
    }

    public static void Build(RunSpec spec, CellInputs inputs, TargetResult? activations, string folder)
    {
        var algorithm = AlgorithmRegistry.Get(spec.Algorithm);
        var ablated = ActivationsStage.Outputs(spec, inputs, activations);
        var scores = BatchedAttribution.Run(algorithm, inputs.Model, inputs.Graph, ablated, MetricRegistry.Get(spec.Metric), AlgorithmParameters(spec, algorithm));
        ParquetWriter.Write(Path.Combine(folder, ScoresFile), ScoreTables.Edges(inputs.Graph, scores.EdgeScores));
        if (spec.Level == "node") ParquetWriter.Write(Path.Combine(folder, "node_scores.parquet"), ScoreTables.Nodes(scores));
        StageJson.Write(Path.Combine(folder, CostFile), new JsonObject
        {
            ["seconds"] = Math.Round(scores.Cost.Elapsed.TotalSeconds, 3), ["forwards"] = scores.Cost.Forwards, ["backwards"] = scores.Cost.Backwards,
            ["peak_rss_mb"] = Math.Round(scores.Cost.PeakWorkingSetBytes / (1024.0 * 1024.0), 1),
        });
    }

    /// <summary>Edge scores of an entry, in the graph's edge order.</summary>
    public static double[] Read(TargetResult entry, Circuits.Graph.CircuitGraph graph) =>
        ScoreTables.ReadEdgeScores(ParquetReader.Read(entry.File(ScoresFile)), graph);

    private static SortedDictionary<string, string> AlgorithmParameters(RunSpec spec, IAttributionAlgorithm algorithm) =>
        spec.AlgorithmParameters(algorithm.Parameters.Select(p => p.Name));

    private static string Code { get; } = CodeVersion.Of(typeof(AlgorithmRegistry), typeof(Models.Training.Recipes), typeof(Tensors.Tensor), typeof(ParquetWriter), typeof(ScoreTables));
}
