using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Metrics;

namespace CircuitBench.Cli.Analysis;

/// <summary>
/// Key-value metadata written into the analysis commands' Parquet files, every key prefixed <c>circuitbench.</c>:
/// <c>kind</c>, <c>version</c>; <c>model.reference</c>, <c>model.id</c>, <c>model.revision</c> and <c>model.commit</c>
/// (hub ids), <c>model.lock_file</c> and <c>model.files</c> (JSON: file → SHA-256, when verified against a lock file);
/// <c>graph.edges</c>; <c>dataset.path</c>, <c>dataset.sha256</c>, <c>dataset.prompts</c> (and <c>reference.*</c> likewise
/// when the means average over another dataset); <c>metric</c>,
/// <c>ablation</c>, <c>batch_size</c>; and what each command adds (see the commands).
/// </summary>
internal static class RunMetadata
{
    public const string Prefix = "circuitbench.";

    /// <summary>CircuitBench's version (the CLI assembly's informational version).</summary>
    public static string Version { get; } =
        typeof(RunMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The entries every analysis output carries.</summary>
    public static Dictionary<string, string> Describe(string kind, AnalysisInputs inputs, Metric metric, string ablation, int batchSize)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kind"] = kind,
            ["version"] = Version,
            ["model.reference"] = inputs.Resolved.Reference,
            ["model.id"] = inputs.Resolved.Id,
            ["graph.edges"] = Text(inputs.Graph.Edges.Count),
            ["dataset.path"] = inputs.Dataset.Path,
            ["dataset.sha256"] = inputs.Dataset.Sha256,
            ["dataset.prompts"] = Text(inputs.Dataset.Prompts.Count),
            ["metric"] = metric.Name,
            ["ablation"] = ablation,
            ["batch_size"] = Text(batchSize),
        };
        if (inputs.Reference is { } reference)
            (entries["reference.path"], entries["reference.sha256"], entries["reference.prompts"]) = (reference.Path, reference.Sha256, Text(reference.Prompts.Count));
        if (inputs.Resolved.Revision is { } revision) entries["model.revision"] = revision;
        if (inputs.Resolved.Commit is { } commit) entries["model.commit"] = commit;
        if (inputs.Locked is { } locked)
        {
            entries["model.lock_file"] = inputs.LockPath!;
            entries["model.files"] = JsonSerializer.Serialize(locked.Files.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary());
        }
        return entries;
    }

    /// <summary>Adds <c>run.seconds</c>, <c>run.forwards</c>, <c>run.backwards</c> and <c>run.peak_rss_mb</c>.</summary>
    public static void AddCost(Dictionary<string, string> entries, AttributionCost cost)
    {
        AddTiming(entries, cost.Elapsed, cost.PeakWorkingSetBytes);
        entries["run.forwards"] = Text(cost.Forwards);
        entries["run.backwards"] = Text(cost.Backwards);
    }

    /// <summary>Adds <c>run.seconds</c> and <c>run.peak_rss_mb</c> (the process's peak working set).</summary>
    public static void AddTiming(Dictionary<string, string> entries, TimeSpan elapsed, long peakWorkingSetBytes)
    {
        entries["run.seconds"] = Text(Math.Round(elapsed.TotalSeconds, 3));
        entries["run.peak_rss_mb"] = Text(Math.Round(peakWorkingSetBytes / (1024.0 * 1024.0), 1));
    }

    /// <summary>The entries with their <see cref="Prefix"/>, as the Parquet writer takes them.</summary>
    public static IReadOnlyDictionary<string, string> Prefixed(Dictionary<string, string> entries) =>
        entries.ToDictionary(e => Prefix + e.Key, e => e.Value, StringComparer.Ordinal);

    /// <summary>A number in invariant culture.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc cref="Text(double)"/>
    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
