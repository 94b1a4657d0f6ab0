using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Pipeline.Analysis;

/// <summary>
/// The ablated source outputs for each batch of a dataset: <c>resample</c> runs each batch's corrupted prompts
/// (every prompt's clean and corrupt must have equal token lengths); <c>mean</c> and <c>mean-positional</c> average
/// once over all of the dataset's clean prompts (the latter needs them all of one length); <c>zero</c> needs no run.
/// Or the same values read back from an <see cref="AblationCache"/> file (no forward at all). Counts the forward
/// passes it runs.
/// </summary>
public sealed class AblatedOutputs
{
    private readonly IReadOnlyList<PromptSet> _batches;
    private readonly Func<int, SourceActivations> _forBatch;

    /// <summary>Prepares the ablated outputs of the ablation for the batches of the dataset.</summary>
    public AblatedOutputs(HookedTransformer model, AblationKind kind, PromptDataset dataset, IReadOnlyList<PromptSet> batches)
    {
        _batches = batches;
        Kind = kind;
        if (kind == AblationKind.Resample)
        {
            dataset.RequirePairs("resample ablation");
            _forBatch = n =>
            {
                Forwards++;
                return Ablation.For(kind, model, batches[n].Clean, batches[n].Corrupted);
            };
            return;
        }
        var shared = Ablation.For(kind, model, batches[0].Clean, reference: [.. batches.Select(b => b.Clean)]);
        Forwards = kind == AblationKind.Zero ? 0 : batches.Count;
        IsShared = true;
        _forBatch = _ => shared;
    }

    private AblatedOutputs(AblationKind kind, IReadOnlyList<PromptSet> batches, bool shared, Func<int, SourceActivations> forBatch) =>
        (Kind, _batches, IsShared, _forBatch) = (kind, batches, shared, forBatch);

    /// <summary>Ablated outputs read batch by batch from a cache file written by <see cref="AblationCache.Write"/> for these batches.</summary>
    internal static AblatedOutputs Cached(AblationKind kind, IReadOnlyList<PromptSet> batches, bool shared, Func<int, SourceActivations> read) =>
        new(kind, batches, shared, read);

    /// <summary>The ablation these outputs implement.</summary>
    public AblationKind Kind { get; }

    /// <summary>True when one set of outputs (broadcast over batch, and for <c>mean</c> over positions) serves every batch.</summary>
    public bool IsShared { get; }

    /// <summary>The batches these outputs are for, in order.</summary>
    public IReadOnlyList<PromptSet> Batches => _batches;

    /// <summary>Forward passes run so far.</summary>
    public int Forwards { get; private set; }

    /// <summary>The ablated outputs for patching a run on <paramref name="batch"/> (one of <see cref="Batches"/>, by reference).</summary>
    public SourceActivations For(PromptSet batch)
    {
        for (var n = 0; n < _batches.Count; n++)
            if (ReferenceEquals(_batches[n], batch)) return _forBatch(n);
        throw new ArgumentException("The batch is not one of the batches these ablated outputs were prepared for.", nameof(batch));
    }

    /// <summary>The ablated outputs for batch <paramref name="n"/> of <see cref="Batches"/>.</summary>
    public SourceActivations ForBatch(int n) => _forBatch(n);
}
