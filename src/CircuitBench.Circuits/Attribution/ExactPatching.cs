using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// Activation patching of every edge (<c>exact</c>): <c>score(s->d) = m(s->d ablated) − m(clean)</c> — the quantity
/// EAP approximates to first order, and the reference the approximations are judged by. Each edge is patched alone;
/// several edges share one forward as separate copies of the batch (<see cref="SingleEdgeReplicas"/>), edges sorted by
/// destination so that a forward touches few destination inputs. One clean forward gives both the baseline and the
/// clean activations.
/// </summary>
public static class ExactPatching
{
    /// <summary>Largest number of floats one [copies·b, p, ·] activation of a batched forward may hold (per-head inputs or logits).</summary>
    private const long FloatsPerForward = 1L << 23;

    /// <summary>Most edges patched in one forward.</summary>
    private const int MaxCopies = 32;

    /// <summary>Scores every edge (or the edges <paramref name="only"/> selects; others score 0).</summary>
    public static AttributionScores Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric,
        SourceActivations? ablated = null, Func<Edge, bool>? only = null) =>
        Run(model, graph, prompts, metric, ablated, only, CopiesPerForward(model.Config, prompts.Clean));

    /// <summary>As <see cref="Run(HookedTransformer, CircuitGraph, PromptSet, Metric, SourceActivations?, Func{Edge, bool}?)"/> with at most <paramref name="copies"/> edges per forward.</summary>
    internal static AttributionScores Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric,
        SourceActivations? ablated, Func<Edge, bool>? only, int copies)
    {
        using var _ = GradTape.NoGrad();
        using var scope = TensorScope.Begin();
        var cost = new CostMeter();
        if (ablated is null)
        {
            ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted ?? throw new ArgumentException("Exact patching with resample ablation needs corrupted prompts."));
            cost.Forwards++;
        }
        var clean = new SourceActivations.Recorder(model.Config, prompts.Clean);
        var cleanLogits = model.RunWithHooks(prompts.Clean, [.. clean.Hooks]);                      // [b, p, vocab]
        cost.Forwards++;
        var baseline = metric.Mean(cleanLogits, prompts, cleanLogits).Item();
        var replicas = new SingleEdgeReplicas(model, graph, prompts.Clean, ablated.Minus(clean.Result()));
        var selected = graph.Edges.Where(e => only is null || only(e)).OrderBy(e => e.DestinationIndex).ThenBy(e => e.SourceIndex).ToArray();
        var scores = new double[graph.Edges.Count];
        var repeated = new Dictionary<int, (PromptSet Prompts, Tensor? CleanLogits)>();
        foreach (var chunk in selected.Chunk(copies))
        {
            using var step = TensorScope.Begin();
            if (!repeated.TryGetValue(chunk.Length, out var set))
                repeated[chunk.Length] = set = Repeat(prompts, metric.NeedsCleanLogits ? cleanLogits : null, chunk.Length, step);
            var perPrompt = metric.PerPrompt(replicas.Forward(chunk), set.Prompts, set.CleanLogits);    // [copies·b]
            cost.Forwards++;
            for (var i = 0; i < chunk.Length; i++)
                scores[chunk[i].Index] = (double)Ops.Mean(Ops.Narrow(perPrompt, 0, i * prompts.Clean.Batch, prompts.Clean.Batch)).Item() - baseline;
        }
        return new AttributionScores("exact", graph, scores, cost.Finish());
    }

    /// <summary>Edges per forward: as many copies as keep the largest activation under <see cref="FloatsPerForward"/>, at most <see cref="MaxCopies"/>.</summary>
    private static int CopiesPerForward(ModelConfig config, TokenBatch batch)
    {
        var perCopy = (long)batch.Batch * batch.Seq * Math.Max(config.DVocab, config.NHeads * config.DModel);
        return (int)Math.Clamp(FloatsPerForward / Math.Max(1, perCopy), 1, MaxCopies);
    }

    /// <summary>The prompts (and clean logits) stacked <paramref name="copies"/> times, kept beyond the current scope.</summary>
    private static (PromptSet, Tensor?) Repeat(PromptSet prompts, Tensor? cleanLogits, int copies, TensorScope scope)
    {
        var answers = Enumerable.Range(0, copies).SelectMany(_ => prompts.Answers).ToArray();
        var wrong = Enumerable.Range(0, copies).SelectMany(_ => prompts.WrongAnswers).ToArray();
        var set = new PromptSet(SingleEdgeReplicas.Repeat(prompts.Clean, copies), null, answers, wrong);
        if (cleanLogits is null) return (set, null);
        var logits = Ops.Concat([.. Enumerable.Repeat(cleanLogits, copies)], 0);                       // [copies·b, p, vocab]
        scope.Keep(logits);
        return (set, logits);
    }
}

/// <summary><c>exact</c> in the registry (see <see cref="ExactPatching"/>).</summary>
internal sealed class ExactPatchingAlgorithm : IAttributionAlgorithm
{
    public string Name => "exact";

    public string Description => "activation patching of every edge: m(edge ablated) − m(clean), one patched forward per edge";

    public IReadOnlyList<AlgorithmParameter> Parameters => [];

    /// <summary>On a slice, patches only the slice's edges (one forward per chunk of them); the others score 0.</summary>
    public AttributionScores Run(AttributionContext c) =>
        ExactPatching.Run(c.Model, c.Graph, c.Prompts, c.Metric, c.Ablated, c.Slice is { } slice ? slice.Contains : null);
}
