using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Cli.Benchmarking;

/// <summary>Median seconds of a plain forward, a clean forward through the patching path, and a patched forward.</summary>
/// <param name="PlainSeconds">No hooks.</param>
/// <param name="CleanSeconds">Edge patching with every edge kept (weights all 1).</param>
/// <param name="PatchedSeconds">Edge patching with a seeded random half of the edges ablated (resample).</param>
/// <param name="AblatedEdges">How many edges the patched forward ablates.</param>
public sealed record PatchTimingResult(double PlainSeconds, double CleanSeconds, double PatchedSeconds, int AblatedEdges);

/// <summary>
/// Times the three forwards of issue #4's patching target side by side on one model and batch (no gradients): the
/// resample ablation's corrupted source outputs are captured once, outside the timing.
/// </summary>
public static class PatchTiming
{
    /// <summary>Measures each forward after <see cref="AttributionTiming.WarmUpRuns"/> untimed runs; medians of <paramref name="repeats"/>.</summary>
    public static PatchTimingResult Measure(HookedTransformer model, TokenBatch clean, TokenBatch corrupted, int repeats, int seed)
    {
        var graph = CircuitGraph.FromConfig(model.Config);
        using var _ = GradTape.NoGrad();
        var ablated = Ablation.For(AblationKind.Resample, model, clean, corrupted);
        var keepAll = Tensor.Full(1f, graph.Sources.Count, graph.Destinations.Count);
        var half = Tensor.Full(1f, graph.Sources.Count, graph.Destinations.Count);
        var random = new Random(seed);
        var ablatedEdges = 0;
        foreach (var edge in graph.Edges)
        {
            if (random.Next(2) != 0) continue;
            half.Data[edge.SourceIndex * graph.Destinations.Count + edge.DestinationIndex] = 0f;
            ablatedEdges++;
        }
        double Time(Func<Tensor> forward) => Timings.MedianSeconds(() =>
        {
            using var scope = TensorScope.Begin();
            forward();
        }, AttributionTiming.WarmUpRuns, repeats);
        var plain = Time(() => model.Forward(clean));
        var kept = Time(() => EdgePatching.Forward(model, graph, clean, keepAll, ablated));
        var patched = Time(() => EdgePatching.Forward(model, graph, clean, half, ablated));
        return new PatchTimingResult(plain, kept, patched, ablatedEdges);
    }
}
