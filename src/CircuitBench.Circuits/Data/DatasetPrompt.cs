namespace CircuitBench.Circuits.Data;

/// <summary>One prompt of a dataset, as token ids.</summary>
/// <param name="Index">Its 0-based position in the file (used in every error and warning about it).</param>
/// <param name="Clean">The clean prompt's tokens (BOS included when the text was tokenized with one).</param>
/// <param name="Corrupt">The corrupted prompt's tokens.</param>
/// <param name="Answers">Correct answer token ids (at least one).</param>
/// <param name="WrongAnswers">Wrong answer token ids (may be empty).</param>
public sealed record DatasetPrompt(int Index, int[] Clean, int[] Corrupt, int[] Answers, int[] WrongAnswers)
{
    /// <summary>True when clean and corrupt have the same token length, so they pair position by position.</summary>
    public bool IsPaired => Clean.Length == Corrupt.Length;
}
