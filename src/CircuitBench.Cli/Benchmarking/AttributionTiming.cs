using System.Diagnostics;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Cli.Benchmarking;

/// <summary>Median seconds of one attribution run, the passes it ran, and the model's forward+backward timed alongside.</summary>
/// <param name="Seconds">Median wall time of one run, the resample ablation's corrupted forward included.</param>
/// <param name="Forwards">Forward passes per run (the corrupted one included).</param>
/// <param name="Backwards">Backward passes per run.</param>
/// <param name="ForwardBackwardSeconds">Median of <see cref="ModelTiming.ForwardBackward"/> on the clean prompts (every parameter's gradient too).</param>
/// <param name="Ratio">Median over rounds of the attribution's time over the forward+backward's in the same round.</param>
public sealed record AttributionTimingResult(double Seconds, int Forwards, int Backwards, double ForwardBackwardSeconds, double Ratio);

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

    /// <summary>
    /// Runs <paramref name="algorithm"/> and the model's forward+backward side by side (<see cref="Timings.Interleaved"/>):
    /// <see cref="WarmUpRuns"/> untimed rounds, then <paramref name="repeats"/> timed ones; returns the medians. The weights
    /// require gradients only during the forward+backward, whose parameter gradients are dropped right after.
    /// </summary>
    public static AttributionTimingResult Measure(IAttributionAlgorithm algorithm, HookedTransformer model, PromptSet prompts, int repeats)
    {
        var graph = CircuitGraph.FromConfig(model.Config);
        var metric = MetricRegistry.Get("logit-diff");
        var passes = (Forwards: 0, Backwards: 0);
        var seconds = Timings.Interleaved([
            () =>
            {
                using var scope = CircuitBench.Tensors.TensorScope.Begin();   // as in ModelTiming: the run's tensors go back to the pool
                var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
                var cost = algorithm.Run(new AttributionContext(model, graph, prompts, metric, AblationKind.Resample, ablated, new Dictionary<string, string>())).Cost;
                passes = (cost.Forwards + 1, cost.Backwards);
            },
            () =>
            {
                model.Weights.SetRequiresGrad(true);
                ModelTiming.ForwardBackward(model, prompts.Clean);
                model.Weights.ClearGrads();
                model.Weights.SetRequiresGrad(false);
            },
        ], WarmUpRuns, repeats);
        return new AttributionTimingResult(Timings.Median([.. seconds[0]]), passes.Forwards, passes.Backwards, Timings.Median([.. seconds[1]]),
            Timings.MedianRatio(seconds[0], seconds[1]));
    }

    /// <summary>The process's peak resident set in MiB.</summary>
    public static double PeakRssMb() => Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
}
