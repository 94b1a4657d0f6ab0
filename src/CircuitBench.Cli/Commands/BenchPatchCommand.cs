using System.CommandLine;
using CircuitBench.Cli.Benchmarking;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>bench patch --preset NAME [--batch B] [--seq S] [--repeats R] [--threads T] [--backend NAME]</c>: issue #4's
/// patching target, measured side by side on a random-weight model (see <see cref="PatchTiming"/>). Prints
/// <c>{"preset","batch","seq","threads","backend","edges","ablated_edges","plain_s","clean_patch_s","patched_s",
/// "clean_ratio","patched_ratio","peak_rss_mb"}</c>; the three forwards run back to back in each round, the ratios are
/// medians over rounds of each round's ratio to the plain forward; the targets are clean_ratio ≈ 1 and patched_ratio ≤ 2.
/// </summary>
public static class BenchPatchCommand
{
    /// <summary>Creates the <c>patch</c> subcommand of <c>bench</c>.</summary>
    public static Command Create()
    {
        var preset = CommonOptions.Preset();
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
            var (batchSize, length) = (parse.GetValue(batch), parse.GetValue(seq));
            if (CommonOptions.PresetFitting(parse, "bench patch", parse.GetValue(preset)!, length) is not { } config) return 1;
            if (CommonOptions.CreateBackend(parse, "bench patch", parse.GetValue(backend)!, parse.GetValue(threads)) is not { } gemm) return 1;
            using var scope = Compute.Use(gemm);
            var model = new HookedTransformer(config, WeightInit.Random(config, BenchModelCommand.Seed));
            var prompts = AttributionTiming.RandomPrompts(config.DVocab, batchSize, length, (int)BenchModelCommand.Seed);
            var result = PatchTiming.Measure(model, prompts.Clean, prompts.Corrupted!, parse.GetValue(repeats), (int)BenchModelCommand.Seed);
            var edges = Circuits.Graph.CircuitGraph.FromConfig(config).Edges.Count;
            parse.InvocationConfiguration.Output.WriteLine(CommonOptions.BenchJson(parse.GetValue(preset)!, batchSize, length, gemm, json =>
            {
                json.WriteNumber("edges", edges);
                json.WriteNumber("ablated_edges", result.AblatedEdges);
                json.WriteNumber("plain_s", Math.Round(result.PlainSeconds, 4));
                json.WriteNumber("clean_patch_s", Math.Round(result.CleanSeconds, 4));
                json.WriteNumber("patched_s", Math.Round(result.PatchedSeconds, 4));
                json.WriteNumber("clean_ratio", Math.Round(result.CleanRatio, 3));
                json.WriteNumber("patched_ratio", Math.Round(result.PatchedRatio, 3));
                CommonOptions.WritePeakRss(json);
            }));
            return 0;
        });
        return command;
    }
}
