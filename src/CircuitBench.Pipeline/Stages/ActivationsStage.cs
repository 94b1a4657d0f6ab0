using System.Diagnostics;
using System.Text.Json.Nodes;
using CircuitBench.Circuits.Patching;
using CircuitBench.Pipeline.Analysis;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>activations</c> (only for specs with <c>cache_activations: true</c>): the ablated source outputs of a (model,
/// dataset, ablation, batch size) — the corrupted runs' activations for <c>resample</c>, the dataset means for
/// <c>mean</c> and <c>mean-positional</c> — as <c>ablated.safetensors</c> (<see cref="AblationCache"/>), and
/// <c>cost.json</c> (volatile: seconds, forwards). Every attribute and evaluate cell of that combination then patches
/// with these values instead of running the ablation forwards again; they are bit-identical to recomputing them.
/// <c>zero</c> needs no forward and has no cache.
/// </summary>
internal static class ActivationsStage
{
    public const int Schema = 1;
    public const string CacheFile = "ablated.safetensors";
    public const string CostFile = "cost.json";

    public static IReadOnlyList<string> Volatile { get; } = [CostFile];

    /// <summary>Whether a cell's spec asks for (and its ablation has) an activations cache.</summary>
    public static bool Applies(RunSpec spec) => spec.CacheActivations && Ablation.Parse(spec.Ablation) != AblationKind.Zero;

    public static string Target(RunSpec spec, string modelTarget, string datasetTarget) =>
        $"{StageNames.Activations}/{modelTarget[(StageNames.Models.Length + 1)..]}/{datasetTarget[(StageNames.Datasets.Length + 1)..]}/{spec.Ablation}/b{spec.BatchSize}";

    public static StageKey Key(RunSpec spec, TargetResult model, TargetResult dataset) =>
        new(StageNames.Activations, Schema, new JsonObject { ["ablation"] = spec.Ablation, ["batch_size"] = spec.BatchSize },
            new Dictionary<string, string> { ["model"] = model.ContentHash, ["dataset"] = dataset.ContentHash }, Code);

    public static void Build(RunSpec spec, CellInputs inputs, string folder)
    {
        var clock = Stopwatch.StartNew();
        var outputs = Compute(spec, inputs);
        AblationCache.Write(outputs, Path.Combine(folder, CacheFile));
        StageJson.Write(Path.Combine(folder, CostFile), new JsonObject { ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3), ["forwards"] = outputs.Forwards });
    }

    /// <summary>The ablated outputs for a cell's batches: read from <paramref name="cache"/> when given, else computed.</summary>
    public static AblatedOutputs Outputs(RunSpec spec, CellInputs inputs, TargetResult? cache) => cache is null
        ? Compute(spec, inputs)
        : AblationCache.Read(cache.File(CacheFile), inputs.Model.Config, Ablation.Parse(spec.Ablation), inputs.Dataset.Batches(spec.BatchSize));

    private static AblatedOutputs Compute(RunSpec spec, CellInputs inputs) =>
        new(inputs.Model, Ablation.Parse(spec.Ablation), inputs.Dataset, inputs.Dataset.Batches(spec.BatchSize));

    private static string Code { get; } = CodeVersion.Of(typeof(Ablation), typeof(Models.Training.Recipes), typeof(Tensors.Tensor), typeof(Safetensors.SafetensorsWriter), typeof(AblationCache));
}
