using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBench.Parquet;
using CircuitBench.Pipeline.Runs;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// The seed's run commands over <see cref="RunStore"/>: <c>run --spec FILE [--results-dir results] [--num-batches N] [--save-caches]</c>,
/// <c>create-spec -m MODEL -t TASK -a ALGO -o FILE</c>, <c>list-runs</c>, <c>show-result RUN_ID [--show-nodes N]</c>,
/// <c>compare-runs RUN_ID… [--format table|csv|json]</c> and <c>replay RUN_ID</c> (re-run the stored spec into an empty
/// cache and report whether every result file is byte-identical). Run ids with separators or '..' are refused.
/// </summary>
public static class RunCommands
{
    /// <summary>Creates <c>run</c>.</summary>
    public static Command CreateRun()
    {
        var spec = new Option<string>("--spec") { Description = "The run spec YAML file.", Required = true };
        var results = StageCommand.ResultsOption();
        var batches = CommonOptions.Positive("--num-batches", "Use only the first N batches of the generated dataset (num_examples = N · batch_size; default: all).", 0);
        var saveCaches = new Option<bool>("--save-caches") { Description = "Also store the clean/corrupt source activations and the metric's destination-input gradients as safetensors (as cache_activations and cache_gradients: true)." };
        var command = new Command("run", "Run one spec through the cached stages and store it as results/runs/RUN_ID.") { spec, results, batches, saveCaches };
        command.SetAction(parse => StageCommand.Report(parse, writer =>
        {
            var path = Path.GetFullPath(parse.GetValue(spec)!);
            var read = RunSpecReader.ReadFile(path, StageCommand.Vocabulary);
            if (parse.GetValue(batches) is var n and > 0)
            {
                if (read.Dataset is not null) throw new ArgumentException("--num-batches shortens generated datasets; this spec names a dataset file.");
                read = read with { NumExamples = Math.Min(read.NumExamples, n * read.BatchSize) };
            }
            var store = new RunStore(parse.GetValue(results)!);
            var id = store.Run(read, File.ReadAllText(path), writer, parse.GetValue(saveCaches));
            writer.WriteLine($"run {id} stored in {store.Folder(id)}");
            Show(writer, store, id, 0);
            return 0;
        }));
        return command;
    }

    /// <summary>Creates <c>create-spec</c>.</summary>
    public static Command CreateSpec()
    {
        var model = new Option<string>("--model", "-m") { Description = "model_id: a toy recipe or a snapshot reference.", Required = true };
        var task = new Option<string>("--task", "-t") { Description = "task.", Required = true };
        task.AcceptOnlyFromAmong([.. StageCommand.Vocabulary.Tasks]);
        var algorithm = new Option<string>("--algorithm", "-a") { Description = "algorithm.", Required = true };
        algorithm.AcceptOnlyFromAmong([.. SpecVocabulary.Algorithms]);
        var output = new Option<string>("--out", "-o") { Description = "The spec file to write (must not exist).", Required = true };
        var command = new Command("create-spec", "Write a run spec with every field at its default.") { model, task, algorithm, output };
        command.SetAction(parse => StageCommand.Report(parse, writer =>
        {
            var path = Path.GetFullPath(parse.GetValue(output)!);
            if (File.Exists(path)) throw new IOException($"'{path}' exists; choose another --out or delete it first.");
            var text = string.Join('\n', [
                $"model_id: {parse.GetValue(model)}", $"task: {parse.GetValue(task)}", $"algorithm: {parse.GetValue(algorithm)}",
                $"seed: {RunSpec.Defaults.Seed}", $"batch_size: {RunSpec.Defaults.BatchSize}", $"num_examples: {RunSpec.Defaults.NumExamples}",
                $"ablation: {RunSpec.Defaults.Ablation}", $"metric: {RunSpec.Defaults.Metric}", $"level: {RunSpec.Defaults.Level}",
                "sizes: [" + string.Join(", ", RunSpec.Defaults.Sizes.Select(s => s.ToString("R", CultureInfo.InvariantCulture))) + "]",
                "cache_activations: false", "cache_gradients: false", $"output_dir: {RunSpec.Defaults.OutputDir}", "device: cpu", ""]);
            RunSpecReader.Read(text, path, StageCommand.Vocabulary);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temp, text);
            File.Move(temp, path);
            writer.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }

    /// <summary>Creates <c>list-runs</c>.</summary>
    public static Command CreateListRuns()
    {
        var results = StageCommand.ResultsOption();
        var command = new Command("list-runs", "List the stored runs with their settings, CPR and CMD.") { results };
        command.SetAction(parse => StageCommand.Report(parse, writer =>
        {
            var store = new RunStore(parse.GetValue(results)!);
            WriteTable(writer, "table", Rows(store, store.List()));
            return 0;
        }));
        return command;
    }

    /// <summary>Creates <c>show-result</c>.</summary>
    public static Command CreateShowResult()
    {
        var id = new Argument<string>("run-id") { Description = "The run id (see list-runs)." };
        var nodes = new Option<int>("--show-nodes") { Description = "Also list the N edges with the largest |score|.", DefaultValueFactory = _ => 0 };
        var results = StageCommand.ResultsOption();
        var command = new Command("show-result", "Show a stored run: its settings, metrics and top edges.") { id, nodes, results };
        command.SetAction(parse => StageCommand.Report(parse, writer =>
        {
            Show(writer, new RunStore(parse.GetValue(results)!), parse.GetValue(id)!, parse.GetValue(nodes));
            return 0;
        }));
        return command;
    }

    /// <summary>Creates <c>compare-runs</c>.</summary>
    public static Command CreateCompareRuns()
    {
        var ids = new Argument<string[]>("run-ids") { Description = "Run ids (default: every run).", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var results = StageCommand.ResultsOption();
        var command = new Command("compare-runs", "Compare stored runs side by side.") { ids, format, results };
        command.SetAction(parse => StageCommand.Report(parse, writer =>
        {
            var store = new RunStore(parse.GetValue(results)!);
            var chosen = parse.GetValue(ids) is { Length: > 0 } given ? given : [.. store.List()];
            WriteTable(writer, parse.GetValue(format)!, Rows(store, chosen));
            return 0;
        }));
        return command;
    }

    /// <summary>Creates <c>replay</c>.</summary>
    public static Command CreateReplay()
    {
        var id = new Argument<string>("run-id") { Description = "The run to replay." };
        var results = StageCommand.ResultsOption();
        var command = new Command("replay", "Re-run a stored run's spec into an empty cache and report whether its results are byte-identical.") { id, results };
        command.SetAction(parse => StageCommand.Report(parse, writer =>
        {
            var store = new RunStore(parse.GetValue(results)!);
            var runId = parse.GetValue(id)!;
            var folder = store.Folder(runId);
            store.Metadata(runId);
            var scratch = Path.Combine(Path.GetTempPath(), $"circuitbench-replay-{Guid.NewGuid():N}");
            try
            {
                var specText = File.ReadAllText(Path.Combine(folder, "spec.yaml"));
                var spec = RunSpecReader.Read(specText, Path.Combine(folder, "spec.yaml"), StageCommand.Vocabulary);
                var stored = StageMetadataSpec(store.Metadata(runId), spec);
                var replayStore = new RunStore(scratch);
                var replayId = replayStore.Run(stored, specText, TextWriter.Null);
                var differing = RunStore.ResultFiles.Where(f =>
                    !File.ReadAllBytes(Path.Combine(folder, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(replayStore.Folder(replayId), f)))).ToArray();
                writer.WriteLine(differing.Length == 0
                    ? $"replay of {runId}: identical ({string.Join(", ", RunStore.ResultFiles)})"
                    : $"replay of {runId}: DIFFERENT in {string.Join(", ", differing)}");
                return differing.Length == 0 ? 0 : 1;
            }
            finally
            {
                if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            }
        }));
        return command;
    }

    /// <summary>The stored spec with the dataset size the run actually used (after <c>--num-batches</c>).</summary>
    private static RunSpec StageMetadataSpec(JsonObject metadata, RunSpec spec) =>
        metadata["num_examples"] is { } n ? spec with { NumExamples = n.GetValue<int>() } : spec;

    private static void Show(TextWriter writer, RunStore store, string id, int topEdges)
    {
        var metadata = store.Metadata(id);
        var metrics = store.Metrics(id);
        foreach (var key in new[] { "run_id", "created", "model_id", "task", "algorithm", "ablation", "metric", "seed", "model_sha256" })
            writer.WriteLine($"{key,-14} {metadata[key]?.ToString() ?? "-"}");
        writer.WriteLine($"{"parameters",-14} {metadata["parameters"]?.ToJsonString()}");
        foreach (var key in new[] { "cpr", "cmd", "full", "empty", "edges", "prompts" })
            writer.WriteLine($"{key,-14} {metrics[key]?.ToString() ?? "NaN"}");
        if (topEdges <= 0) return;
        var table = ParquetReader.Read(Path.Combine(store.Folder(id), "scores.parquet")).Table;
        var (edges, scores, ranks) = (table.Get<string>("edge"), table.Get<double>("score"), table.Get<int>("abs_rank"));
        writer.WriteLine($"top {Math.Min(topEdges, edges.Length)} edges by |score|:");
        foreach (var row in Enumerable.Range(0, edges.Length).Where(r => ranks[r] <= topEdges).OrderBy(r => ranks[r]))
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ranks[row],4}  {edges[row],-28} {scores[row],14:G6}"));
    }

    private static readonly string[] Columns = ["run_id", "model_id", "task", "algorithm", "ablation", "metric", "seed", "cpr", "cmd"];

    private static List<string[]> Rows(RunStore store, IEnumerable<string> ids) => [.. ids.Select(id =>
    {
        var (metadata, metrics) = (store.Metadata(id), store.Metrics(id));
        return Columns.Select(c => (metadata[c] ?? metrics[c])?.ToString() ?? "").ToArray();
    })];

    private static void WriteTable(TextWriter writer, string format, List<string[]> rows)
    {
        switch (format)
        {
            case "csv":
                writer.WriteLine(string.Join(',', Columns));
                foreach (var row in rows) writer.WriteLine(string.Join(',', row.Select(v => v.Contains(',', StringComparison.Ordinal) ? $"\"{v}\"" : v)));
                break;
            case "json":
                writer.WriteLine(JsonSerializer.Serialize(rows.Select(r => Columns.Zip(r).ToDictionary(p => p.First, p => p.Second))));
                break;
            default:
                TextTable.Write(writer, Columns, rows);
                break;
        }
    }
}
