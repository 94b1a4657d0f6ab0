namespace CircuitBench.Models.Tokenization;

/// <summary>
/// What a byte-level BPE tokenizer file says, before validation: the vocabulary (token → id), the
/// merges in rank order, and the special tokens. <see cref="Source"/> names the file(s) in errors.
/// </summary>
internal sealed record TokenizerDefinition(
    string Source,
    IReadOnlyList<KeyValuePair<string, int>> Vocabulary,
    IReadOnlyList<MergeRule> Merges,
    IReadOnlyList<SpecialToken> SpecialTokens);

/// <summary>One merge "left right"; <see cref="Location"/> says where it was read (for errors).</summary>
internal readonly record struct MergeRule(string Left, string Right, string Location);

/// <summary>A token matched in text as a whole (when asked) and decoded to its literal content.</summary>
internal readonly record struct SpecialToken(string Content, int Id);
