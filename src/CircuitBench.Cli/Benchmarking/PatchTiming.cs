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
/// <param name="CleanRatio">Median over rounds of clean / plain (each round runs the three forwards back to back).</param>
/// <param name="PatchedRatio">Median over rounds of patched / plain.</param>
public sealed record PatchTimingResult(double PlainSeconds, double CleanSeconds, double PatchedSeconds, int AblatedEdges, double CleanRatio, double PatchedRatio);

/// <summary>
/// Times the three forwards of issue #4's patching target side by side on one model and batch (no gradients): the
/// resample ablation's corrupted source outputs are captured once, outside the timing.
/// </summary>
public static class PatchTiming
{
    /// <summary>Measures the forwards side by side (<see cref="Timings.Interleaved"/>) after <see cref="AttributionTiming.WarmUpRuns"/> untimed rounds; medians of <paramref name="repeats"/>.</summary>
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
        Action Scoped(Func<Tensor> forward) => () =>
        {
            using var scope = TensorScope.Begin();
            forward();
        };
        var seconds = Timings.Interleaved([
            Scoped(() => model.Forward(clean)),
            Scoped(() => EdgePatching.Forward(model, graph, clean, keepAll, ablated)),
            Scoped(() => EdgePatching.Forward(model, graph, clean, half, ablated)),
        ], AttributionTiming.WarmUpRuns, repeats);
        var (plain, kept, patched) = (seconds[0], seconds[1], seconds[2]);
        return new PatchTimingResult(Timings.Median([.. plain]), Timings.Median([.. kept]), Timings.Median([.. patched]), ablatedEdges,
            Timings.MedianRatio(kept, plain), Timings.MedianRatio(patched, plain));
    }
}
