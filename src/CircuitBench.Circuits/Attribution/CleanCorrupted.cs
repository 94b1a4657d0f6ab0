using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// Gradients at the two ends (<c>clean-corrupted</c>; EAP-IG's method "clean-corrupted"):
/// <code>
/// score(s->d) = Σ_{batch, positions} (a_s(corrupt) − a_s(clean)) · ½ (∂m/∂x_d |_clean + ∂m/∂x_d |_corrupt)
/// </code>
/// the trapezoid rule with one interval along the input path, i.e. the mean of EAP (gradient at the clean input)
/// and <see cref="EapIgInputs"/> with one step (gradient at the corrupted input). Both gradients are of the same
/// metric, read at the clean prompts' answer positions. Resample ablation only. Cost: 1 corrupted forward (unless
/// its activations are given) + 2 forwards and backwards (the clean one records the clean activations).
/// </summary>
public static class CleanCorrupted
{
    /// <summary>Scores every edge; <paramref name="corrupted"/> are the corrupted prompts' source outputs when already captured.</summary>
    public static AttributionScores Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations? corrupted = null)
    {
        var cost = new CostMeter();
        var corruptTokens = prompts.Corrupted ?? throw new ArgumentException("clean-corrupted takes gradients at the corrupted input and needs corrupted prompts.");
        if (corrupted is null)
        {
            corrupted = Ablation.For(AblationKind.Resample, model, prompts.Clean, corruptTokens);
            cost.Forwards++;
        }
        var cleanLogits = DestinationGradients.CleanLogitsFor(metric, model, prompts.Clean, cost);
        var gradients = new DestinationGradients(model, graph, prompts.Clean, cost);
        var clean = new SourceActivations.Recorder(model.Config, prompts.Clean);
        gradients.ForwardBackward(prompts.Clean, clean.Hooks, logits => metric.Mean(logits, prompts, cleanLogits),
            afterForward: () => gradients.SetDifferences(corrupted, clean.Result()));
        gradients.ForwardBackward(corruptTokens, [], logits => metric.Mean(logits, prompts, cleanLogits));
        return gradients.Scores("clean-corrupted", 0.5);
    }
}

/// <summary><c>clean-corrupted</c> in the registry (see <see cref="CleanCorrupted"/>).</summary>
internal sealed class CleanCorruptedAlgorithm : IAttributionAlgorithm
{
    public string Name => "clean-corrupted";

    public string Description => "(a_corrupt − a_clean) · mean of ∂m/∂x_dst at the clean and at the corrupted input (resample only)";

    public IReadOnlyList<AlgorithmParameter> Parameters => [];

    public string? Refuses(AblationKind kind) => kind == AblationKind.Resample ? null
        : $"clean-corrupted takes gradients at the clean and corrupted inputs, so it supports resample ablation only (got {Ablation.Names[(int)kind]}); use eap or eap-ig-activations for zero or mean ablations.";

    public AttributionScores Run(AttributionContext c) => Refuses(c.Ablation) is { } reason
        ? throw new ArgumentException(reason)
        : CleanCorrupted.Run(c.Model, c.Graph, c.Prompts, c.Metric, c.Ablated).RestrictedTo(c.Slice);
}
