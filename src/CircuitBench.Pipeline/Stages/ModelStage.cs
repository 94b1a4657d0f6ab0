using System.Text.Json.Nodes;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Models.Snapshots;
using CircuitBench.Models.Training;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Stages;

/// <summary>
/// <c>models</c>: a toy recipe trained from the cell's seed (<c>config.json</c>, <c>model.safetensors</c>; the
/// <c>training_report.json</c> is volatile because it holds timings), keyed by the recipe's full definition
/// (architecture, task stream, training options) so retuning a recipe retrains it; or a snapshot reference resolved in
/// the Hugging Face cache and checked against <c>models.lock.json</c> when that file exists (the integrity gate), its
/// outputs being the file hashes (<c>snapshot.json</c>) and the folder (<c>location.json</c>, volatile).
/// </summary>
internal static class ModelStage
{
    public const int Schema = 1;
    private const string LocationFile = "location.json";

    public static string Target(RunSpec spec) => $"{StageNames.Models}/{spec.ModelId}@{spec.Revision ?? "-"}/seed{(IsRecipe(spec) ? spec.Seed : 0)}";

    public static bool IsRecipe(RunSpec spec) => Recipes.All.Any(r => r.Name == spec.ModelId);

    public static IReadOnlyList<string> Volatile { get; } = [TrainingReportJson.FileName, LocationFile];

    public static StageKey Key(RunSpec spec, string? lockFile)
    {
        if (Recipes.All.FirstOrDefault(r => r.Name == spec.ModelId) is { } recipe)
            return new StageKey(StageNames.Models, Schema, new JsonObject
            {
                ["recipe"] = recipe.Name,
                ["model"] = StageJson.Of(recipe.Model),
                ["task"] = new JsonObject { ["type"] = recipe.Task.GetType().Name, ["settings"] = StageJson.Of(recipe.Task) },
                ["training"] = StageJson.Of(recipe.Training),
                ["seed"] = spec.Seed,
            }, new Dictionary<string, string>(), Code);
        var inputs = new Dictionary<string, string>();
        if (lockFile is not null && File.Exists(lockFile)) inputs["lock_file"] = ContentHash.OfFile(lockFile);
        return new StageKey(StageNames.Models, Schema, new JsonObject { ["reference"] = Reference(spec) }, inputs, Code);
    }

    public static void Build(RunSpec spec, string? lockFile, string folder, Action<string> log)
    {
        if (Recipes.All.FirstOrDefault(r => r.Name == spec.ModelId) is { } recipe)
        {
            log($"training {recipe.Name} (seed {spec.Seed}, {recipe.Training.Steps} steps)");
            var run = Trainer.Train(recipe, (ulong)spec.Seed);
            TrainedModelFolder.Write(folder, run.Model, run.Report, overwrite: true);
            return;
        }
        var resolver = SnapshotResolver.FromEnvironment();
        var resolved = lockFile is not null && File.Exists(lockFile) ? ModelLock.Require(lockFile, Reference(spec), resolver) : resolver.Resolve(Reference(spec));
        var files = new JsonObject();
        foreach (var (name, hash) in LockedModel.Hash(resolved).Files.OrderBy(f => f.Key, StringComparer.Ordinal)) files[name] = hash;
        StageJson.Write(Path.Combine(folder, "snapshot.json"), new JsonObject { ["reference"] = Reference(spec), ["id"] = resolved.Id, ["files"] = files });
        StageJson.Write(Path.Combine(folder, LocationFile), new JsonObject { ["folder"] = resolved.Folder });
    }

    /// <summary>Loads the model of an entry.</summary>
    public static HookedTransformer Load(TargetResult entry) =>
        File.Exists(entry.File(LocationFile))
            ? ModelLoader.Load(StageJson.Read(entry.File(LocationFile))["folder"]!.GetValue<string>())
            : ModelLoader.Load(entry.Folder);

    private static string Reference(RunSpec spec) => spec.Revision is { } revision ? $"{spec.ModelId}@{revision}" : spec.ModelId;

    private static string Code { get; } = CodeVersion.Of(typeof(Recipes), typeof(Tensors.Tensor), typeof(Safetensors.SafetensorsWriter));
}
