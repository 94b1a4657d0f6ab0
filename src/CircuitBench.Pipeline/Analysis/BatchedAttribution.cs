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
/// Searches that decide from every prompt at once (<see cref="IAttributionAlgorithm.AveragesOverBatches"/> false, e.g.
/// ACDC) are refused more than one batch: an average of per-batch decisions is not their result.
/// </summary>
public static class BatchedAttribution
{
    /// <summary>
    /// Scores of every edge over all <paramref name="batches"/>, with the summed cost (ablation forwards included);
    /// <paramref name="progress"/> hears each batch (<see cref="AttributionProgress.Batch"/>) and the algorithm's own steps.
    /// On <paramref name="slice"/> (<see cref="AttributionContext.Slice"/>; null: every edge) edges outside it are never
    /// ablated and score 0, even for an algorithm that ignores the slice. The mean ablations average over
    /// <paramref name="reference"/> when given, else over the dataset (see <see cref="AblatedOutputs"/>).
    /// </summary>
    public static AttributionScores Run(IAttributionAlgorithm algorithm, HookedTransformer model, CircuitGraph graph, PromptDataset dataset, IReadOnlyList<PromptSet> batches,
        Metric metric, AblationKind kind, IReadOnlyDictionary<string, string> parameters, IProgress<AttributionProgress>? progress = null, GraphSlice? slice = null,
        PromptDataset? reference = null)
    {
        RequireOneBatchIfSearch(algorithm, batches);                               // before the ablation's forwards
        var clock = Restarted();
        return Run(algorithm, model, graph, new AblatedOutputs(model, kind, dataset, batches, reference), metric, parameters, clock, progress, slice);
    }

    /// <summary>Throws, naming the fix, when <paramref name="algorithm"/> cannot be averaged over batches and gets several.</summary>
    private static void RequireOneBatchIfSearch(IAttributionAlgorithm algorithm, IReadOnlyList<PromptSet> batches)
    {
        if (algorithm.AveragesOverBatches || batches.Count <= 1) return;
        var prompts = batches.Sum(b => b.Clean.Batch);
        throw new ArgumentException($"{algorithm.Name} decides from all prompts at once, so its result cannot be averaged over {batches.Count} batches; "
            + $"run it on one batch: a batch size of at least {prompts} (the dataset's prompt count).");
    }

    /// <summary>
    /// Scores of every edge over the batches of <paramref name="ablated"/>, patching with its outputs (computed or read
    /// from a cache), with the summed cost (the forwards <paramref name="ablated"/> runs included).
    /// </summary>
    public static AttributionScores Run(IAttributionAlgorithm algorithm, HookedTransformer model, CircuitGraph graph, AblatedOutputs ablated,
        Metric metric, IReadOnlyDictionary<string, string> parameters)
    {
        RequireOneBatchIfSearch(algorithm, ablated.Batches);
        return Run(algorithm, model, graph, ablated, metric, parameters, Restarted(), null);
    }

    // The run's clock, started with a new peak-memory mark.
    private static Stopwatch Restarted()
    {
        PeakMemory.Restart();
        return Stopwatch.StartNew();
    }

    private static AttributionScores Run(IAttributionAlgorithm algorithm, HookedTransformer model, CircuitGraph graph, AblatedOutputs ablated,
        Metric metric, IReadOnlyDictionary<string, string> parameters, Stopwatch clock, IProgress<AttributionProgress>? progress, GraphSlice? slice = null)
    {
        var batches = ablated.Batches;
        var total = batches.Sum(b => b.Clean.Batch);
        var scores = new double[graph.Edges.Count];
        var (forwards, backwards, peak) = (0, 0, 0L);
        double[]? nodeScores = new double[graph.Sources.Count];                          // combined like the edges; null once a batch has none
        for (var n = 0; n < batches.Count; n++)
        {
            progress?.Report(new AttributionProgress(AttributionProgress.Batch, n, batches.Count));
            var batch = batches[n];
            var outputs = algorithm.ReadsAblated ? ablated.For(batch) : SourceActivations.Zeros(model.Config);   // unread: no corrupted forward
            var context = new AttributionContext(model, graph, batch, metric, ablated.Kind, outputs, parameters) { Progress = progress, Slice = slice };
            peak = Math.Max(peak, PeakMemory.Bytes());                                    // the ablated forward's, before the algorithm's meter restarts it
            var result = algorithm.Run(context).RestrictedTo(slice);
            peak = Math.Max(peak, result.Cost.PeakWorkingSetBytes);
            var weight = (double)batch.Clean.Batch / total;
            for (var e = 0; e < scores.Length; e++) scores[e] += weight * result.EdgeScores[e];
            if (result.NodeScores is not { } own) nodeScores = null;
            else if (nodeScores is not null)
                for (var s = 0; s < nodeScores.Length; s++) nodeScores[s] += weight * own[s];
            forwards += result.Cost.Forwards;
            backwards += result.Cost.Backwards;
        }
        progress?.Report(new AttributionProgress(AttributionProgress.Batch, batches.Count, batches.Count));
        var cost = new AttributionCost(clock.Elapsed, forwards + ablated.Forwards, backwards, Math.Max(peak, PeakMemory.Bytes()));
        return new AttributionScores(algorithm.Name, graph, scores, cost) { NodeScores = nodeScores };
    }
}
