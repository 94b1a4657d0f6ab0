using System.CommandLine;
using CircuitBench.Cli.Benchmarking;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>bench model --preset gpt2-small|gpt2-medium|toy-induction-2l [--batch B] [--seq S] [--repeats R] [--threads T] [--backend NAME]</c>:
/// times a model of that shape with random seeded weights (<see cref="WeightInit.Random"/>) on random tokens and prints
/// <c>{"preset":...,"batch":...,"seq":...,"threads":...,"backend":...,"forward_s":...,"forward_backward_s":...,"tokens_per_s":...,"peak_rss_mb":...}</c>.
/// forward_s: one forward without a tape; forward_backward_s: forward plus backward of Σ_b logsumexp(logits[b, last]) to every
/// parameter and activation; both medians after warm-up; tokens_per_s = batch·seq / forward_backward_s; peak_rss_mb: the
/// process's peak resident set. The PyTorch counterpart is tools/reference/bench_gpt2_torch.py.
/// </summary>
public static class BenchModelCommand
{
    /// <summary>Seed of the random weights (and, with the batch shape, of the tokens).</summary>
    public const ulong Seed = 0;

    /// <summary>Creates the <c>model</c> subcommand.</summary>
    public static Command Create()
    {
        var preset = CommonOptions.Preset();
        Option<int> batch = CommonOptions.Positive("--batch", "Sequences per batch.", 8);
        Option<int> seq = CommonOptions.Positive("--seq", "Tokens per sequence.", 64);
        Option<int> repeats = CommonOptions.Positive("--repeats", $"Timed repetitions after {ModelTiming.WarmUpRuns} warm-up run; the median is reported.", 5);
        Option<int?> threads = CommonOptions.Threads();
        Option<string> backend = CommonOptions.Backend();
        var command = new Command("model", "Time a forward and a forward+backward of a random-weight model and print one JSON line.")
        {
            preset, batch, seq, repeats, threads, backend,
        };
        command.SetAction(parse => Run(parse, parse.GetValue(preset)!, parse.GetValue(batch), parse.GetValue(seq),
            parse.GetValue(repeats), parse.GetValue(threads), parse.GetValue(backend)!));
        return command;
    }

    private static int Run(ParseResult parse, string presetName, int batch, int seq, int repeats, int? threads, string backendName)
    {
        if (CommonOptions.PresetFitting(parse, "bench model", presetName, seq) is not { } config) return 1;

        if ((long)batch * seq * config.DVocab > Array.MaxLength)
        {
            parse.InvocationConfiguration.Error.WriteLine(
                $"bench model: the logits [{batch}, {seq}, {config.DVocab}] must fit in one array (at most {Array.MaxLength} elements); use a smaller batch or seq.");
            return 1;
        }

        if (CommonOptions.CreateBackend(parse, "bench model", backendName, threads) is not { } gemm)
        {
            return 1;
        }

        using var scope = Compute.Use(gemm);
        var model = ModelTiming.RandomModel(config, Seed);
        var tokens = ModelTiming.RandomTokens(config.DVocab, batch, seq, (int)Seed);
        var result = ModelTiming.Measure(model, tokens, repeats);
        parse.InvocationConfiguration.Output.WriteLine(CommonOptions.BenchJson(presetName, batch, seq, gemm, json =>
        {
            json.WriteNumber("forward_s", Math.Round(result.ForwardSeconds, 4));
            json.WriteNumber("forward_backward_s", Math.Round(result.ForwardBackwardSeconds, 4));
            json.WriteNumber("tokens_per_s", Math.Round(batch * seq / result.ForwardBackwardSeconds, 1));
            CommonOptions.WritePeakRss(json);
        }));
        return 0;
    }
}
