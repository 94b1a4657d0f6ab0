using System.Globalization;
using System.Text.Json.Nodes;
using CircuitBench.Pipeline.Caching;
using CircuitBench.Pipeline.Specs;
using CircuitBench.Pipeline.Stages;

namespace CircuitBench.Pipeline.Runs;

/// <summary>
/// Run folders under <c>results/runs/RUN_ID/</c>: <c>spec.yaml</c> (the spec as given), the cell's results as Parquet
/// (<c>scores.parquet</c>, <c>circuits.parquet</c>, <c>curve.parquet</c>), <c>metrics.json</c>, <c>metadata.json</c>
/// (CircuitBench and .NET versions, model id, revision and content hash, algorithm and parameters, stage keys, build
/// timings, timestamp) and, with <c>cache_activations</c> / <c>cache_gradients</c> or <c>--save-caches</c>, the
/// <see cref="RunCaches"/> safetensors. Results come from the content-hashed cache (<c>results/cache/</c>), so a repeated run reuses
/// them. Run ids are one safe path segment (<see cref="RunIds"/>); anything else is refused.
/// </summary>
public sealed class RunStore(string resultsDir)
{
    /// <summary>The results folder.</summary>
    public string ResultsDir { get; } = Path.GetFullPath(resultsDir);

    /// <summary>The runs folder.</summary>
    public string RunsDir => Path.Combine(ResultsDir, "runs");

    /// <summary>Parquet outputs copied into a run folder, by the stage entry they come from.</summary>
    public static IReadOnlyList<string> ResultFiles { get; } = ["scores.parquet", "circuits.parquet", "curve.parquet", "metrics.json"];

    /// <summary>The folder of run <paramref name="id"/>; an unsafe id (separators, '..') is an error.</summary>
    public string Folder(string id) => Path.Combine(RunsDir, RunIds.Require(id));

    /// <summary>Runs <paramref name="spec"/> through the stages (cached) and stores a new run folder; returns its id.</summary>
    public string Run(RunSpec spec, string specText, TextWriter log, bool saveCaches = false)
    {
        var cell = new SweepCell(SweepCell.IdOf(spec), spec);
        var runner = new SweepRunner(ResultsDir, log);
        runner.Run(new SweepSpec("run", "(run)", [cell]), StageNames.Evaluate);
        var outputs = runner.Cells.Single();
        var stem = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{spec.Algorithm}-{outputs.Evaluation.Manifest.Key[..8]}";
        var id = stem;
        var staging = Path.Combine(RunsDir, $".{stem}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllText(Path.Combine(staging, "spec.yaml"), specText);
            File.Copy(outputs.Scores.File("scores.parquet"), Path.Combine(staging, "scores.parquet"));
            File.Copy(outputs.Circuits.File("circuits.parquet"), Path.Combine(staging, "circuits.parquet"));
            File.Copy(outputs.Evaluation.File("curve.parquet"), Path.Combine(staging, "curve.parquet"));
            File.Copy(outputs.Evaluation.File("metrics.json"), Path.Combine(staging, "metrics.json"));
            if (saveCaches || spec.CacheActivations || spec.CacheGradients)
            {
                var inputs = new CellInputs(outputs.Model, outputs.Dataset);
                var batches = inputs.Dataset.Batches(spec.BatchSize);
                if (saveCaches || spec.CacheActivations) RunCaches.WriteActivations(inputs.Model, batches, staging);
                if (saveCaches || spec.CacheGradients) RunCaches.WriteGradients(inputs.Model, batches, Circuits.Metrics.MetricRegistry.Get(spec.Metric), staging);
            }
            // Two runs of one spec in the same second get suffixes -2, -3, …; the rename fails rather than merge folders.
            for (var attempt = 1; ; attempt++)
            {
                id = attempt == 1 ? stem : $"{stem}-{attempt}";
                StageJson.Write(Path.Combine(staging, "metadata.json"), Metadata(id, spec, outputs));
                try
                {
                    Directory.Move(staging, Folder(id));
                    break;
                }
                catch (IOException) when (Directory.Exists(Folder(id)) && attempt < 1000)
                {
                }
            }
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return id;
    }

    /// <summary>Every run id, oldest first.</summary>
    public IReadOnlyList<string> List() => Directory.Exists(RunsDir)
        ? [.. Directory.EnumerateDirectories(RunsDir).Select(Path.GetFileName).OfType<string>().Where(RunIds.IsSafe).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>A run's metadata.json; a missing run is an error listing how to find ids.</summary>
    public JsonObject Metadata(string id)
    {
        var path = Path.Combine(Folder(id), "metadata.json");
        return File.Exists(path) ? StageJson.Read(path) : throw new ArgumentException($"No run '{id}' in {RunsDir}; list-runs shows the ids.");
    }

    /// <summary>A run's metrics.json.</summary>
    public JsonObject Metrics(string id) => StageJson.Read(Path.Combine(Folder(id), "metrics.json"));

    private static JsonObject Metadata(string id, RunSpec spec, CellOutputs outputs)
    {
        var parameters = new JsonObject();
        var declared = Circuits.Attribution.AlgorithmRegistry.Get(spec.Algorithm).Parameters.Select(p => p.Name);
        foreach (var (name, value) in spec.AlgorithmParameters(declared)) parameters[name] = value;
        var keys = new JsonObject();
        var seconds = new JsonObject();
        foreach (var (stage, entry) in new[]
        {
            ("datasets", outputs.Dataset), ("models", outputs.Model), ("graph", outputs.Graph), ("activations", outputs.Activations),
            ("attribute", outputs.Scores), ("circuits", outputs.Circuits), ("evaluate", outputs.Evaluation),
        })
        {
            if (entry is null) continue;
            keys[stage] = entry.Manifest.Key;
            seconds[stage] = entry.Manifest.Seconds;
        }
        var versions = new JsonObject();
        foreach (var (name, value) in ArtifactCache.Versions) versions[name] = value;
        versions["commit"] = typeof(RunStore).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+').ElementAtOrDefault(1) ?? "unknown";
        return new JsonObject
        {
            ["run_id"] = id,
            ["created"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["model_id"] = spec.ModelId, ["revision"] = spec.Revision, ["model_sha256"] = outputs.Model.ContentHash,
            ["task"] = spec.Task, ["dataset_sha256"] = outputs.Dataset.ContentHash,
            ["algorithm"] = spec.Algorithm, ["parameters"] = parameters, ["ablation"] = spec.Ablation, ["metric"] = spec.Metric,
            ["seed"] = spec.Seed, ["num_examples"] = spec.NumExamples, ["stage_keys"] = keys, ["build_seconds"] = seconds, ["versions"] = versions,
        };
    }
}
