using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Pipeline.Analysis;

/// <summary>
/// <see cref="Faithfulness.Curve"/> over a dataset in batches. m(C), m(full) and m(empty) are the metric's mean over the
/// whole dataset — the batch means weighted by batch size — and the normalised faithfulness and areas are computed from
/// those means, so the curve equals the one-batch curve up to float rounding.
/// </summary>
public static class BatchedFaithfulness
{
    /// <summary>
    /// One curve per ranking in <paramref name="rankings"/> (true: by |score|, false: by signed score), each batch's ablated
    /// outputs built once; on <paramref name="slice"/> (null: the whole graph) with <see cref="Faithfulness"/>'s slice semantics.
    /// </summary>
    public static IReadOnlyList<FaithfulnessCurve> Curves(HookedTransformer model, CircuitGraph graph, IReadOnlyList<PromptSet> batches, AblatedOutputs ablated, Metric metric,
        IReadOnlyList<double> scores, IReadOnlyList<double> fractions, IReadOnlyList<bool> rankings, GraphSlice? slice = null) =>
        Over(batches, ablated, fractions, rankings, (batch, outputs, absolute) => Faithfulness.Curve(model, graph, batch, metric, scores, outputs, fractions, absolute, slice: slice));

    /// <summary>The node-level curves (<see cref="Faithfulness.NodeCurve"/>) of <paramref name="nodeScores"/>, one per ranking, over the batches.</summary>
    public static IReadOnlyList<FaithfulnessCurve> NodeCurves(HookedTransformer model, CircuitGraph graph, IReadOnlyList<PromptSet> batches, AblatedOutputs ablated, Metric metric,
        IReadOnlyList<double> nodeScores, IReadOnlyList<double> fractions, IReadOnlyList<bool> rankings) =>
        Over(batches, ablated, fractions, rankings, (batch, outputs, absolute) => Faithfulness.NodeCurve(model, graph, batch, metric, nodeScores, outputs, fractions, absolute));

    private static FaithfulnessCurve[] Over(IReadOnlyList<PromptSet> batches, AblatedOutputs ablated, IReadOnlyList<double> fractions, IReadOnlyList<bool> rankings,
        Func<PromptSet, Circuits.Patching.SourceActivations, bool, FaithfulnessCurve> curve)
    {
        var total = batches.Sum(b => b.Clean.Batch);
        var perBatch = batches.Select(batch =>
        {
            var outputs = ablated.For(batch);
            return (Weight: (double)batch.Clean.Batch / total, Curves: rankings.Select(absolute => curve(batch, outputs, absolute)).ToArray());
        }).ToArray();
        return [.. rankings.Select((_, r) => Combine(perBatch.Select(b => (b.Weight, b.Curves[r])).ToArray(), fractions))];
    }

    private static FaithfulnessCurve Combine(IReadOnlyList<(double Weight, FaithfulnessCurve Curve)> curves, IReadOnlyList<double> fractions)
    {
        double Mean(Func<FaithfulnessCurve, double> value) => curves.Sum(c => c.Weight * value(c.Curve));
        var (full, empty) = (Mean(c => c.Full), Mean(c => c.Empty));
        var points = fractions.Select((fraction, i) =>
        {
            var metric = Mean(c => c.Points[i].Metric);
            return new FaithfulnessPoint(fraction, curves[0].Curve.Points[i].Edges, metric, Faithfulness.Normalize(metric, empty, full),
                [.. curves.SelectMany(c => c.Curve.Points[i].PerPrompt)]);
        }).ToArray();
        var x = points.Select(p => p.Fraction).ToArray();
        return new FaithfulnessCurve(points, full, empty,
            Faithfulness.Trapezoid(x, points.Select(p => p.Normalized).ToArray()),
            Faithfulness.Trapezoid(x, points.Select(p => Math.Abs(1 - p.Normalized)).ToArray()));
    }
}
