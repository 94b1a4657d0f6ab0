using CircuitBench.Models.Tokenization;

namespace CircuitBench.Tasks;

/// <summary>What a generator is asked for.</summary>
/// <param name="Count">Number of prompts (at least 1).</param>
/// <param name="Seed">The seed: the same request gives the same prompts, in the same order.</param>
public sealed record GenerationRequest(int Count, ulong Seed)
{
    /// <summary>
    /// The model's tokenizer. Text tasks use it to check every prompt (answers one token, clean and corrupt of equal
    /// length) and fail on the first that is not; without it they write their text unchecked. Token-id tasks without a
    /// fixed vocabulary (<c>induction</c>) take their token space from it when <see cref="Vocabulary"/> is null.
    /// </summary>
    public Gpt2Tokenizer? Tokenizer { get; init; }

    /// <summary>The model's token space, for token-id tasks whose vocabulary is not fixed by a recipe.</summary>
    public TokenSpace? Vocabulary { get; init; }

    /// <summary>Throws when the count is below 1.</summary>
    public GenerationRequest Validate()
    {
        if (Count < 1) throw new ArgumentOutOfRangeException(nameof(Count), Count, "A dataset needs at least one prompt (n ≥ 1).");
        return this;
    }
}
