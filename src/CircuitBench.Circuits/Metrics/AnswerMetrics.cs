using CircuitBench.Tensors;

namespace CircuitBench.Circuits.Metrics;

/// <summary>Shared pieces of the metrics that read answer tokens at the answer position.</summary>
internal static class AnswerReadout
{
    /// <summary>x [b, p, vocab] at each prompt's answer position → [b, vocab].</summary>
    public static Tensor AtAnswer(Tensor logits, PromptSet prompts) => Ops.SelectPositions(logits, prompts.AnswerPositions);

    /// <summary>Mean over each prompt's listed ids of values [b, vocab] → [b] (0 for an empty list).</summary>
    public static Tensor MeanOf(Tensor values, IReadOnlyList<int[]> ids) => Reduce(values, ids, mean: true);

    /// <summary>Sum over each prompt's listed ids of values [b, vocab] → [b].</summary>
    public static Tensor SumOf(Tensor values, IReadOnlyList<int[]> ids) => Reduce(values, ids, mean: false);

    private static Tensor Reduce(Tensor values, IReadOnlyList<int[]> ids, bool mean)
    {
        var (b, vocab) = (values.Dim(0), values.Dim(1));
        var selector = Tensor.Zeros(b, vocab);                                  // [b, vocab]: weight of each id
        for (var row = 0; row < b; row++)
            foreach (var id in ids[row])
            {
                if ((uint)id >= (uint)vocab) throw new ArgumentException($"Answer id {id} of prompt {row} is outside the vocabulary of {vocab}.");
                selector.Data[row * vocab + id] += mean ? 1f / ids[row].Length : 1f;
            }
        return Ops.Sum(Ops.Mul(values, selector), 1);
    }
}

/// <summary><c>logit-diff</c>: mean logit of the correct answers minus mean logit of the wrong ones, at the answer position.</summary>
public sealed class LogitDifference : Metric
{
    /// <inheritdoc/>
    public override string Name => "logit-diff";

    /// <inheritdoc/>
    public override string Description => "mean correct-answer logit − mean wrong-answer logit at the answer position";

    /// <inheritdoc/>
    public override Tensor PerPrompt(Tensor logits, PromptSet prompts, Tensor? cleanLogits = null)
    {
        var last = AnswerReadout.AtAnswer(logits, prompts);
        return Ops.Sub(AnswerReadout.MeanOf(last, prompts.Answers), AnswerReadout.MeanOf(last, prompts.WrongAnswers));
    }
}

/// <summary><c>prob-diff</c>: total probability of the correct answers minus that of the wrong ones (greater-than's metric over answer sets).</summary>
public sealed class ProbabilityDifference : Metric
{
    /// <inheritdoc/>
    public override string Name => "prob-diff";

    /// <inheritdoc/>
    public override string Description => "Σ p(correct answers) − Σ p(wrong answers) at the answer position";

    /// <inheritdoc/>
    public override Tensor PerPrompt(Tensor logits, PromptSet prompts, Tensor? cleanLogits = null)
    {
        var probs = Ops.Softmax(AnswerReadout.AtAnswer(logits, prompts));
        return Ops.Sub(AnswerReadout.SumOf(probs, prompts.Answers), AnswerReadout.SumOf(probs, prompts.WrongAnswers));
    }
}

/// <summary><c>answer-logprob</c>: mean log-probability of the correct answers at the answer position.</summary>
public sealed class AnswerLogProbability : Metric
{
    /// <inheritdoc/>
    public override string Name => "answer-logprob";

    /// <inheritdoc/>
    public override string Description => "mean log p(correct answer) at the answer position";

    /// <inheritdoc/>
    public override Tensor PerPrompt(Tensor logits, PromptSet prompts, Tensor? cleanLogits = null) =>
        AnswerReadout.MeanOf(Ops.LogSoftmax(AnswerReadout.AtAnswer(logits, prompts)), prompts.Answers);
}

/// <summary><c>cross-entropy</c>: −log p(first correct answer) at the answer position (lower is better).</summary>
public sealed class AnswerCrossEntropy : Metric
{
    /// <inheritdoc/>
    public override string Name => "cross-entropy";

    /// <inheritdoc/>
    public override string Description => "−log p(first correct answer) at the answer position";

    /// <inheritdoc/>
    public override bool HigherIsCloserToClean => false;

    /// <inheritdoc/>
    public override Tensor PerPrompt(Tensor logits, PromptSet prompts, Tensor? cleanLogits = null) =>
        Ops.Scale(AnswerReadout.MeanOf(Ops.LogSoftmax(AnswerReadout.AtAnswer(logits, prompts)), prompts.Answers.Select(a => new[] { a[0] }).ToArray()), -1f);
}
