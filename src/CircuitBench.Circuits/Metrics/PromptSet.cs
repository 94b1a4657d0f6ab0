using CircuitBench.Models.Architecture;

namespace CircuitBench.Circuits.Metrics;

/// <summary>
/// A batch of task prompts: clean and (optionally) corrupted tokens, and for each prompt its correct and
/// wrong answer token ids (one or more each, as auto-circuit allows), read at each clean prompt's last
/// real position (the answer position).
/// </summary>
public sealed record PromptSet
{
    /// <summary>Builds and validates a prompt set.</summary>
    public PromptSet(TokenBatch clean, TokenBatch? corrupted, IReadOnlyList<int[]> answers, IReadOnlyList<int[]> wrongAnswers)
    {
        if (answers.Count != clean.Batch || wrongAnswers.Count != clean.Batch)
            throw new ArgumentException($"{clean.Batch} prompts but {answers.Count} answer lists and {wrongAnswers.Count} wrong-answer lists.");
        for (var i = 0; i < clean.Batch; i++)
            if (answers[i].Length == 0) throw new ArgumentException($"Prompt {i} has no correct answer.");
        (Clean, Corrupted, Answers, WrongAnswers) = (clean, corrupted, answers, wrongAnswers);
    }

    /// <summary>Clean prompts [batch, seq].</summary>
    public TokenBatch Clean { get; }

    /// <summary>Corrupted prompts, paired row by row with the clean ones (same lengths), or null.</summary>
    public TokenBatch? Corrupted { get; }

    /// <summary>Correct answer ids per prompt.</summary>
    public IReadOnlyList<int[]> Answers { get; }

    /// <summary>Wrong answer ids per prompt (may be empty for metrics that do not use them).</summary>
    public IReadOnlyList<int[]> WrongAnswers { get; }

    /// <summary>The answer position of each prompt: its last real token.</summary>
    public int[] AnswerPositions => Clean.LastPositions;
}
