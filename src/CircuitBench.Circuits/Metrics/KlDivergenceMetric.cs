using CircuitBench.Tensors;

namespace CircuitBench.Circuits.Metrics;

/// <summary>
/// <c>kl</c>: KL(clean ‖ patched) over the vocabulary at the answer position (ACDC's default metric), or,
/// with <see cref="AllPositions"/>, averaged over every real position of each prompt. Lower is closer to clean.
/// </summary>
public sealed class KlDivergenceMetric(bool allPositions = false) : Metric
{
    /// <summary>True to average over all real positions instead of reading the answer position.</summary>
    public bool AllPositions { get; } = allPositions;

    /// <inheritdoc/>
    public override string Name => AllPositions ? "kl-all-positions" : "kl";

    /// <inheritdoc/>
    public override string Description => AllPositions
        ? "KL(clean ‖ patched) averaged over every real position"
        : "KL(clean ‖ patched) at the answer position";

    /// <inheritdoc/>
    public override bool HigherIsCloserToClean => false;

    /// <inheritdoc/>
    public override bool NeedsCleanLogits => true;

    /// <inheritdoc/>
    public override Tensor PerPrompt(Tensor logits, PromptSet prompts, Tensor? cleanLogits = null)
    {
        if (cleanLogits is null) throw new ArgumentException("The KL metric needs the clean run's logits.");
        if (!AllPositions)
            return Ops.KlDivergence(AnswerReadout.AtAnswer(cleanLogits, prompts), AnswerReadout.AtAnswer(logits, prompts));
        var (b, p, vocab) = (logits.Dim(0), logits.Dim(1), logits.Dim(2));
        var perPosition = Ops.Reshape(Ops.KlDivergence(Ops.Reshape(cleanLogits, b * p, vocab), Ops.Reshape(logits, b * p, vocab)), b, p);
        var realMean = Tensor.Zeros(b, p);                                      // 1/length at real positions, 0 at padding
        for (var row = 0; row < b; row++)
            for (var pos = 0; pos < prompts.Clean.Lengths[row]; pos++) realMean.Data[row * p + pos] = 1f / prompts.Clean.Lengths[row];
        return Ops.Sum(Ops.Mul(perPosition, realMean), 1);
    }
}
