using System.Diagnostics;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Pipeline.Analysis;

/// <summary>
/// Runs an attribution algorithm batch by batch. Scores refer to the metric's mean over the whole dataset, which is
/// the batch means weighted by batch size, so the dataset's score of an edge is Σ_b (n_b / N) · score_b — exact for
/// every algorithm whose score is linear in the batch-mean metric (all of EAP, EAP-IG, clean-corrupted, exact).
/// Search algorithms such as ACDC decide per run; give them one batch (<c>--batch-size</c> ≥ the dataset size).
/// </summary>
public static class BatchedAttribution
{
    /// <summary>
    /// Scores of every edge over all <paramref name="batches"/>, with the summed cost (ablation forwards included);
    /// <paramref name="progress"/> hears each batch (<see cref="AttributionProgress.Batch"/>) and the algorithm's own steps.
    /// </summary>
    public static AttributionScores Run(IAttributionAlgorithm algorithm, HookedTransformer model, CircuitGraph graph, PromptDataset dataset, IReadOnlyList<PromptSet> batches,
        Metric metric, AblationKind kind, IReadOnlyDictionary<string, string> parameters, IProgress<AttributionProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        return Run(algorithm, model, graph, new AblatedOutputs(model, kind, dataset, batches), metric, parameters, clock, progress);
    }

    /// <summary>
    /// Scores of every edge over the batches of <paramref name="ablated"/>, patching with its outputs (computed or read
    /// from a cache), with the summed cost (the forwards <paramref name="ablated"/> runs included).
    /// </summary>
    public static AttributionScores Run(IAttributionAlgorithm algorithm, HookedTransformer model, CircuitGraph graph, AblatedOutputs ablated,
        Metric metric, IReadOnlyDictionary<string, string> parameters) =>
        Run(algorithm, model, graph, ablated, metric, parameters, Stopwatch.StartNew(), null);

    private static AttributionScores Run(IAttributionAlgorithm algorithm, HookedTransformer model, CircuitGraph graph, AblatedOutputs ablated,
        Metric metric, IReadOnlyDictionary<string, string> parameters, Stopwatch clock, IProgress<AttributionProgress>? progress)
    {
        var batches = ablated.Batches;
        var total = batches.Sum(b => b.Clean.Batch);
        var scores = new double[graph.Edges.Count];
        var (forwards, backwards) = (0, 0);
        for (var n = 0; n < batches.Count; n++)
        {
            progress?.Report(new AttributionProgress(AttributionProgress.Batch, n, batches.Count));
            var batch = batches[n];
            var context = new AttributionContext(model, graph, batch, metric, ablated.Kind, ablated.For(batch), parameters) { Progress = progress };
            var result = algorithm.Run(context);
            var weight = (double)batch.Clean.Batch / total;
            for (var e = 0; e < scores.Length; e++) scores[e] += weight * result.EdgeScores[e];
            forwards += result.Cost.Forwards;
            backwards += result.Cost.Backwards;
        }
        progress?.Report(new AttributionProgress(AttributionProgress.Batch, batches.Count, batches.Count));
        var cost = new AttributionCost(clock.Elapsed, forwards + ablated.Forwards, backwards, Process.GetCurrentProcess().PeakWorkingSet64);
        return new AttributionScores(algorithm.Name, graph, scores, cost);
    }
}
