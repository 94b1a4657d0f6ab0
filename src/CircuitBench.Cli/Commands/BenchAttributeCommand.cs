using System.CommandLine;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Cli.Benchmarking;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>bench attribute --preset NAME --algorithm NAME [--batch B] [--seq S] [--repeats R] [--threads T] [--backend NAME]</c>:
/// times one attribution run (see <see cref="AttributionTiming"/>) on a random-weight model of the preset's shape and
/// prints <c>{"preset","algorithm","batch","seq","threads","backend","seconds","forward_backward_s","ratio_to_forward_backward","peak_rss_mb","forwards","backwards"}</c>:
/// seconds is the median after a warm-up run, forwards/backwards the passes of one run, peak_rss_mb the process's peak
/// resident set; forward_backward_s is <c>bench model</c>'s forward+backward of the same model on the clean prompts, run
/// after the attribution in every round, and the ratio is the median over rounds of the two (issue #4's target: EAP ≤ 2).
/// </summary>
public static class BenchAttributeCommand
{
    /// <summary>Creates the <c>attribute</c> subcommand of <c>bench</c>.</summary>
    public static Command Create()
    {
        var preset = CommonOptions.Preset();
        var algorithm = new Option<string>("--algorithm") { Description = "Attribution algorithm (see list-algorithms).", DefaultValueFactory = _ => "eap" };
        Option<int> batch = CommonOptions.Positive("--batch", "Prompts per batch.", 8);
        Option<int> seq = CommonOptions.Positive("--seq", "Tokens per prompt.", 64);
        Option<int> repeats = CommonOptions.Positive("--repeats", $"Timed runs after {AttributionTiming.WarmUpRuns} warm-up run; the median is reported.", 3);
        Option<int?> threads = CommonOptions.Threads();
        Option<string> backend = CommonOptions.Backend();
        var command = new Command("attribute", "Time one attribution run on a random-weight model and print one JSON line.")
        {
            preset, algorithm, batch, seq, repeats, threads, backend,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var (batchSize, length) = (parse.GetValue(batch), parse.GetValue(seq));
            if (CommonOptions.PresetFitting(parse, "bench attribute", parse.GetValue(preset)!, length) is not { } config) return 1;
            IAttributionAlgorithm chosen;
            try
            {
                chosen = AlgorithmRegistry.Get(parse.GetValue(algorithm)!);
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"bench attribute: {e.Message}");
                return 1;
            }
            if (CommonOptions.CreateBackend(parse, "bench attribute", parse.GetValue(backend)!, parse.GetValue(threads)) is not { } gemm) return 1;
            using var scope = Compute.Use(gemm);
            var model = new HookedTransformer(config, WeightInit.Random(config, BenchModelCommand.Seed));
            var prompts = AttributionTiming.RandomPrompts(config.DVocab, batchSize, length, (int)BenchModelCommand.Seed);
            var result = AttributionTiming.Measure(chosen, model, prompts, parse.GetValue(repeats));
            parse.InvocationConfiguration.Output.WriteLine(ToJson(parse.GetValue(preset)!, chosen.Name, batchSize, length, gemm, result));
            return 0;
        });
        return command;
    }

    private static string ToJson(string preset, string algorithm, int batch, int seq, Tensors.Gemm.IGemmBackend gemm, AttributionTimingResult result) =>
        CommonOptions.BenchJson(preset, batch, seq, gemm, json =>
        {
            json.WriteNumber("seconds", Math.Round(result.Seconds, 4));
            json.WriteNumber("forward_backward_s", Math.Round(result.ForwardBackwardSeconds, 4));
            json.WriteNumber("ratio_to_forward_backward", Math.Round(result.Ratio, 3));
            CommonOptions.WritePeakRss(json);
            json.WriteNumber("forwards", result.Forwards);
            json.WriteNumber("backwards", result.Backwards);
        }, leading: json => json.WriteString("algorithm", algorithm));
}
