namespace CircuitBench.Models.Tokenization;

/// <summary>
/// Finds special tokens in text: the leftmost occurrence, and at equal positions the longest token
/// (so <c>&lt;|endoftext|&gt;</c> wins over a shorter token it starts with). Matching is ordinal.
/// </summary>
internal sealed class SpecialTokenMatcher(IReadOnlyList<SpecialToken> tokens)
{
    /// <summary>Finds the next special token in <paramref name="text"/>; false when there is none.</summary>
    public bool TryFindNext(ReadOnlySpan<char> text, out int index, out SpecialToken token)
    {
        index = -1;
        token = default;
        foreach (var candidate in tokens)
        {
            var at = text.IndexOf(candidate.Content, StringComparison.Ordinal);
            var better = at >= 0 && (index < 0 || at < index || (at == index && candidate.Content.Length > token.Content.Length));
            if (better)
            {
                (index, token) = (at, candidate);
            }
        }
        return index >= 0;
    }
}
