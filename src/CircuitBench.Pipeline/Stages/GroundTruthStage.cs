using System.Globalization;
using System.Text.Json.Nodes;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Pipeline.Analysis;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;
using CircuitBench.Tasks;
using CircuitBench.Tasks.GroundTruths;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>ground-truth</c>: the circuit ROC/AUC is measured against, per (model, task, dataset), as
/// <c>ground_truth.json</c>, so that it follows the trained checkpoint. By the task's <see cref="GroundTruthSource"/>:
/// derived from the model's head diagnostics (<see cref="InductionGroundTruth"/>, toy induction); a published circuit
/// read from <c>datasets/</c> (IOI, greater-than; checked against the model's shape); otherwise the exact-patching
/// reference (<see cref="ExactPatchingReference"/>: resample ablation, the task's own metric, the edges whose
/// single-edge effect is at least <see cref="ReferenceFraction"/> of the largest).
/// </summary>
internal static class GroundTruthStage
{
    public const int Schema = 1;
    public const string FileName = "ground_truth.json";

    /// <summary>The exact-patching reference keeps edges with |effect| ≥ this fraction of the largest effect.</summary>
    public const double ReferenceFraction = 0.1;

    /// <summary>One target per (task, model), and per dataset where the reference is computed from it.</summary>
    public static string Target(RunSpec spec, TargetResult dataset)
    {
        var target = $"{StageNames.GroundTruth}/{spec.Task}/{ModelStage.Target(spec)[(StageNames.Models.Length + 1)..]}";
        return TaskRegistry.Get(spec.Task).GroundTruth == GroundTruthSource.None ? $"{target}/dataset-{dataset.ContentHash[..12]}" : target;
    }

    public static StageKey Key(RunSpec spec, TargetResult model, TargetResult dataset, TargetResult graph)
    {
        var task = TaskRegistry.Get(spec.Task);
        var fields = new JsonObject { ["task"] = task.Name, ["source"] = task.GroundTruth.ToString() };
        var inputs = new Dictionary<string, string> { ["model"] = model.ContentHash, ["graph"] = graph.ContentHash };
        switch (task.GroundTruth)
        {
            case GroundTruthSource.Literature:
                inputs["file"] = ContentHash.OfFile(LiteratureFile(task));
                break;
            case GroundTruthSource.None:
                fields["metric"] = task.DefaultMetric;
                fields["fraction"] = ReferenceFraction;
                fields["batch_size"] = spec.BatchSize;
                inputs["dataset"] = dataset.ContentHash;
                break;
        }
        return new StageKey(StageNames.GroundTruth, Schema, fields, inputs, Code);
    }

    public static void Build(RunSpec spec, CellInputs inputs, TargetResult model, string folder, Action<string> log)
    {
        var task = TaskRegistry.Get(spec.Task);
        GroundTruthCircuit truth;
        switch (task.GroundTruth)
        {
            case GroundTruthSource.HeadDiagnostics:
                truth = InductionGroundTruth.FromFolder(model.Folder, spec.ModelId);
                break;
            case GroundTruthSource.Literature:
                truth = GroundTruthJson.Read(LiteratureFile(task));
                truth.Flags(inputs.Graph);
                break;
            default:
                log($"exact-patching reference for {spec.ModelId} on {task.Name} ({inputs.Graph.Edges.Count} edges, metric {task.DefaultMetric})");
                var batches = inputs.Dataset.Batches(spec.BatchSize);
                var exact = BatchedAttribution.Run(AlgorithmRegistry.Get("exact"), inputs.Model, inputs.Graph, inputs.Dataset, batches,
                    MetricRegistry.Get(task.DefaultMetric), AblationKind.Resample, new Dictionary<string, string>());
                truth = ExactPatchingReference.FromScoresRelative(spec.ModelId, task.Name, exact, ReferenceFraction);
                break;
        }
        GroundTruthJson.WriteFile(Path.Combine(folder, FileName), truth);
    }

    /// <summary>The ground-truth flags of an entry over the cell's graph.</summary>
    public static bool[] Flags(TargetResult entry, Circuits.Graph.CircuitGraph graph) => GroundTruthJson.Read(entry.File(FileName)).Flags(graph);

    private static string LiteratureFile(TaskDefinition task)
    {
        var path = Path.GetFullPath(Path.Combine("datasets", task.GroundTruthFile!));
        if (!File.Exists(path))
            throw new FileNotFoundException(string.Create(CultureInfo.InvariantCulture,
                $"The {task.Name} ground truth '{path}' is missing; run the sweep from the repository root (where datasets/ is)."), path);
        return path;
    }

    private static string Code { get; } = CodeVersion.Of(typeof(InductionGroundTruth), typeof(AlgorithmRegistry), typeof(Tensors.Tensor), typeof(GroundTruthStage));
}
