using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Pipeline.Analysis;

/// <summary>
/// The ablated source outputs for each batch of a dataset: <c>resample</c> runs each batch's corrupted prompts
/// (every prompt's clean and corrupt must have equal token lengths); <c>mean</c> and <c>mean-positional</c> average
/// once over the clean prompts of a reference dataset — the dataset itself unless another is given — (the latter needs
/// them all of the patched prompts' one length); <c>zero</c> needs no run.
/// Or the same values read back from an <see cref="AblationCache"/> file (no forward at all). Counts the forward
/// passes it runs.
/// </summary>
public sealed class AblatedOutputs
{
    private readonly IReadOnlyList<PromptSet> _batches;
    private readonly Func<int, SourceActivations> _forBatch;

    /// <summary>
    /// Prepares the ablated outputs of the ablation for the batches of the dataset; the means average over
    /// <paramref name="reference"/>'s clean prompts when given (in batches of the same size), else the dataset's.
    /// </summary>
    /// <exception cref="ArgumentException">A reference dataset for an ablation that does not average (resample, zero).</exception>
    public AblatedOutputs(HookedTransformer model, AblationKind kind, PromptDataset dataset, IReadOnlyList<PromptSet> batches, PromptDataset? reference = null)
    {
        if (reference is not null && kind is AblationKind.Resample or AblationKind.Zero)
            throw new ArgumentException($"A reference dataset ('{reference.Path}') is only averaged by the mean and mean-positional ablations; "
                + $"{Ablation.Names[(int)kind]} does not use one. Drop the reference or choose --ablation mean.");
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
        var averaged = reference is null ? batches : reference.Batches(batches[0].Clean.Batch);
        if (reference is not null && kind == AblationKind.MeanPositional)
        {
            var (patched, averagedLengths) = (Lengths(batches), Lengths(averaged));
            if (averagedLengths.Length == 1 && !patched.SequenceEqual(averagedLengths))
                throw new ArgumentException($"mean-positional ablation: the reference dataset's prompts are {averagedLengths[0]} tokens long but the patched "
                    + $"prompts are {string.Join(", ", patched)}; a per-position mean needs the same length. Use mean, or a reference of that length.");
        }
        var shared = Ablation.For(kind, model, batches[0].Clean, reference: [.. averaged.Select(b => b.Clean)]);
        Forwards = kind == AblationKind.Zero ? 0 : averaged.Count;
        IsShared = true;
        _forBatch = _ => shared;
    }

    private static int[] Lengths(IReadOnlyList<PromptSet> batches) => [.. batches.SelectMany(b => b.Clean.Lengths).Distinct().Order()];

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
