using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Pipeline.Analysis;

/// <summary>
/// The ablated source outputs for each batch of a dataset: <c>resample</c> runs each batch's corrupted prompts
/// (every prompt's clean and corrupt must have equal token lengths); <c>mean</c> and <c>mean-positional</c> average
/// once over all of the dataset's clean prompts (the latter needs them all of one length); <c>zero</c> needs no run.
/// Counts the forward passes it runs.
/// </summary>
public sealed class AblatedOutputs
{
    private readonly HookedTransformer _model;
    private readonly AblationKind _kind;
    private readonly SourceActivations? _shared;

    /// <summary>Prepares the ablated outputs of the ablation for the batches of the dataset.</summary>
    public AblatedOutputs(HookedTransformer model, AblationKind kind, PromptDataset dataset, IReadOnlyList<PromptSet> batches)
    {
        (_model, _kind) = (model, kind);
        if (kind == AblationKind.Resample)
        {
            dataset.RequirePairs("resample ablation");
            return;
        }
        _shared = Ablation.For(kind, model, batches[0].Clean, reference: [.. batches.Select(b => b.Clean)]);
        Forwards = kind == AblationKind.Zero ? 0 : batches.Count;
    }

    /// <summary>Forward passes run so far.</summary>
    public int Forwards { get; private set; }

    /// <summary>The ablated outputs for patching a run on <paramref name="batch"/>.</summary>
    public SourceActivations For(PromptSet batch)
    {
        if (_shared is not null) return _shared;
        Forwards++;
        return Ablation.For(_kind, _model, batch.Clean, batch.Corrupted);
    }
}
