using CircuitBench.Tensors;

namespace CircuitBench.Circuits.Metrics;

/// <summary>
/// A task metric computed from logits, differentiable (built from ops). Higher means "more of the clean
/// behaviour" for every metric except the divergences (KL, cross-entropy), where lower means closer to
/// the clean model; <see cref="HigherIsCloserToClean"/> says which.
/// </summary>
public abstract class Metric
{
    /// <summary>The name used in specs and the CLI (e.g. <c>logit-diff</c>).</summary>
    public abstract string Name { get; }

    /// <summary>One line on what is measured.</summary>
    public abstract string Description { get; }

    /// <summary>True when larger values mean behaviour closer to the clean model's.</summary>
    public virtual bool HigherIsCloserToClean => true;

    /// <summary>True when the metric compares with the clean run's logits (which must then be given).</summary>
    public virtual bool NeedsCleanLogits => false;

    /// <summary>The value for each prompt [batch]; <paramref name="cleanLogits"/> [b, p, vocab] for metrics that need them.</summary>
    public abstract Tensor PerPrompt(Tensor logits, PromptSet prompts, Tensor? cleanLogits = null);

    /// <summary>The batch mean, a scalar (what algorithms differentiate).</summary>
    public Tensor Mean(Tensor logits, PromptSet prompts, Tensor? cleanLogits = null) => Ops.Mean(PerPrompt(logits, prompts, cleanLogits));

    /// <summary>The metric's name.</summary>
    public override string ToString() => Name;
}
