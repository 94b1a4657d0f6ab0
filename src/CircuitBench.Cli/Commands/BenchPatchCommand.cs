using System.CommandLine;
using System.Text.Json;
using CircuitBench.Cli.Benchmarking;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>bench patch --preset NAME [--batch B] [--seq S] [--repeats R] [--threads T] [--backend NAME]</c>: issue #4's
/// patching target, measured side by side on a random-weight model (see <see cref="PatchTiming"/>). Prints
/// <c>{"preset","batch","seq","threads","backend","edges","ablated_edges","plain_s","clean_patch_s","patched_s",
/// "clean_ratio","patched_ratio","peak_rss_mb"}</c>; the targets are clean_ratio ≈ 1 and patched_ratio ≤ 2.
/// </summary>
public static class BenchPatchCommand
{
    /// <summary>Creates the <c>patch</c> subcommand of <c>bench</c>.</summary>
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = $"Architecture: {string.Join(", ", ModelPresets.Names)}.", Required = true };
        preset.AcceptOnlyFromAmong([.. ModelPresets.Names]);
        Option<int> batch = CommonOptions.Positive("--batch", "Prompts per batch.", 8);
        Option<int> seq = CommonOptions.Positive("--seq", "Tokens per prompt.", 64);
        Option<int> repeats = CommonOptions.Positive("--repeats", $"Timed runs of each forward after {AttributionTiming.WarmUpRuns} warm-up run; medians are reported.", 3);
        Option<int?> threads = CommonOptions.Threads();
        Option<string> backend = CommonOptions.Backend();
        var command = new Command("patch", "Time a plain forward, a clean forward through edge patching and a half-ablated one; print one JSON line.")
        {
            preset, batch, seq, repeats, threads, backend,
        };
        command.SetAction(parse =>
        {
            var config = ModelPresets.Get(parse.GetValue(preset)!);
            var (batchSize, length) = (parse.GetValue(batch), parse.GetValue(seq));
            if (length > config.NCtx)
            {
                parse.InvocationConfiguration.Error.WriteLine($"bench patch: --seq {length} exceeds the context of {parse.GetValue(preset)} ({config.NCtx}).");
                return 1;
            }
            if (CommonOptions.CreateBackend(parse, "bench patch", parse.GetValue(backend)!, parse.GetValue(threads)) is not { } gemm) return 1;
            using var scope = Compute.Use(gemm);
            var model = new HookedTransformer(config, WeightInit.Random(config, BenchModelCommand.Seed));
            var prompts = AttributionTiming.RandomPrompts(config.DVocab, batchSize, length, (int)BenchModelCommand.Seed);
            var result = PatchTiming.Measure(model, prompts.Clean, prompts.Corrupted!, parse.GetValue(repeats), (int)BenchModelCommand.Seed);
            var edges = Circuits.Graph.CircuitGraph.FromConfig(config).Edges.Count;
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("preset", parse.GetValue(preset));
                json.WriteNumber("batch", batchSize);
                json.WriteNumber("seq", length);
                json.WriteNumber("threads", gemm.Threads);
                json.WriteString("backend", gemm.Name);
                json.WriteNumber("edges", edges);
                json.WriteNumber("ablated_edges", result.AblatedEdges);
                json.WriteNumber("plain_s", Math.Round(result.PlainSeconds, 4));
                json.WriteNumber("clean_patch_s", Math.Round(result.CleanSeconds, 4));
                json.WriteNumber("patched_s", Math.Round(result.PatchedSeconds, 4));
                json.WriteNumber("clean_ratio", Math.Round(result.CleanSeconds / result.PlainSeconds, 3));
                json.WriteNumber("patched_ratio", Math.Round(result.PatchedSeconds / result.PlainSeconds, 3));
                json.WriteNumber("peak_rss_mb", Math.Round(AttributionTiming.PeakRssMb(), 1));
                json.WriteEndObject();
            }
            parse.InvocationConfiguration.Output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return 0;
        });
        return command;
    }
}
