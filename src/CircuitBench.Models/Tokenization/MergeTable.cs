
namespace CircuitBench.Models.Tokenization;

/// <summary>
/// The BPE merges as a lookup from an adjacent pair of token ids to its rank (its line order: lower
/// merges first) and the id of the merged token. Every merge part and result must be in the vocabulary.
/// Read-only once built, so concurrent lookups are safe.
/// </summary>
internal sealed class MergeTable
{
    private readonly Dictionary<long, Merge> merges;

    private MergeTable(Dictionary<long, Merge> merges) => this.merges = merges;

    /// <summary>The merge of the pair (<paramref name="left"/>, <paramref name="right"/>), if any.</summary>
    public bool TryGet(int left, int right, out Merge merge) => merges.TryGetValue(Key(left, right), out merge);

    /// <summary>Resolves the merges of <paramref name="definition"/> against <paramref name="vocabulary"/>.</summary>
    public static MergeTable Build(TokenizerDefinition definition, Vocabulary vocabulary)
    {
        var merges = new Dictionary<long, Merge>(definition.Merges.Count);
        for (var rank = 0; rank < definition.Merges.Count; rank++)
        {
            var rule = definition.Merges[rank];
            var left = Resolve(rule.Left, rule, definition.Source, vocabulary);
            var right = Resolve(rule.Right, rule, definition.Source, vocabulary);
            var merged = Resolve(rule.Left + rule.Right, rule, definition.Source, vocabulary);
            // A repeated merge takes its last rank, as the dict/HashMap of encoder.py and Hugging Face do.
            merges[Key(left, right)] = new Merge(rank, merged);
        }
        return new MergeTable(merges);
    }

    private static int Resolve(string token, MergeRule rule, string source, Vocabulary vocabulary) =>
        vocabulary.IdOf(token) ?? throw new TokenizerFormatException(
            $"{source}: merge '{rule.Left} {rule.Right}' ({rule.Location}) needs the token '{token}', which is not in the vocabulary.");

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
}

/// <summary>A merge: its <paramref name="Rank"/> (lower applies first) and the id of the merged token.</summary>
internal readonly record struct Merge(int Rank, int MergedId);
