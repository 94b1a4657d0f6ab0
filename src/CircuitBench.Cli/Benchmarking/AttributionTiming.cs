using System.Diagnostics;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Cli.Benchmarking;

/// <summary>Median seconds of one attribution run and the passes it ran.</summary>
/// <param name="Seconds">Median wall time of one run, the resample ablation's corrupted forward included.</param>
/// <param name="Forwards">Forward passes per run (the corrupted one included).</param>
/// <param name="Backwards">Backward passes per run.</param>
public sealed record AttributionTimingResult(double Seconds, int Forwards, int Backwards);

/// <summary>
/// Times an attribution algorithm end to end on a random-weight model (no parameter gradients: attribution needs
/// activation gradients only) and random prompts: clean and corrupted tokens drawn uniformly, one random correct and one
/// random wrong answer per prompt, resample ablation, logit difference.
/// </summary>
public static class AttributionTiming
{
    /// <summary>Untimed runs before timing.</summary>
    public const int WarmUpRuns = 1;

    /// <summary>Random clean/corrupted prompts [batch, seq] with one correct and one wrong answer each, from <paramref name="seed"/>.</summary>
    public static PromptSet RandomPrompts(int vocab, int batch, int seq, int seed)
    {
        var random = new Random(seed);
        int[] Answer() => [random.Next(vocab)];
        var answers = Enumerable.Range(0, batch).Select(_ => Answer()).ToArray();
        var wrong = Enumerable.Range(0, batch).Select(_ => Answer()).ToArray();
        return new PromptSet(ModelTiming.RandomTokens(vocab, batch, seq, seed + 1), ModelTiming.RandomTokens(vocab, batch, seq, seed + 2), answers, wrong);
    }

    /// <summary>Runs <paramref name="algorithm"/> <see cref="WarmUpRuns"/> times untimed, then <paramref name="repeats"/> times; returns the median.</summary>
    public static AttributionTimingResult Measure(IAttributionAlgorithm algorithm, HookedTransformer model, PromptSet prompts, int repeats)
    {
        var graph = CircuitGraph.FromConfig(model.Config);
        var metric = MetricRegistry.Get("logit-diff");
        var passes = (Forwards: 0, Backwards: 0);
        var seconds = Timings.MedianSeconds(() =>
        {
            using var scope = CircuitBench.Tensors.TensorScope.Begin();   // as in ModelTiming: the run's tensors go back to the pool
            var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
            var cost = algorithm.Run(new AttributionContext(model, graph, prompts, metric, AblationKind.Resample, ablated, new Dictionary<string, string>())).Cost;
            passes = (cost.Forwards + 1, cost.Backwards);
        }, WarmUpRuns, repeats);
        return new AttributionTimingResult(seconds, passes.Forwards, passes.Backwards);
    }

    /// <summary>The process's peak resident set in MiB.</summary>
    public static double PeakRssMb() => Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
}
