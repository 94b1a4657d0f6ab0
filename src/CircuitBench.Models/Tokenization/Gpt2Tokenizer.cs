using System.Buffers;
using System.Text;

namespace CircuitBench.Models.Tokenization;

/// <summary>
/// GPT-2's byte-level BPE tokenizer, with the semantics of OpenAI's <c>encoder.py</c> and Hugging
/// Face's GPT2Tokenizer: text is split into words by GPT-2's regular expression, each word's UTF-8
/// bytes are mapped to byte tokens and merged by rank. <c>Decode(Encode(s)) == s</c> for every string
/// without unpaired surrogates. Immutable apart from an internal word cache; safe for concurrent use.
/// </summary>
public sealed class Gpt2Tokenizer
{
    /// <summary>GPT-2's special token, which separates documents and serves as BOS and EOS.</summary>
    public const string EndOfText = "<|endoftext|>";

    private const int StackIds = 256;

    private readonly Vocabulary vocabulary;
    private readonly BpeWordEncoder words;
    private readonly SpecialTokenMatcher specials;

    private Gpt2Tokenizer(TokenizerDefinition definition)
    {
        vocabulary = Vocabulary.Build(definition);
        words = new BpeWordEncoder(MergeTable.Build(definition, vocabulary), vocabulary.ByteTokenIds);
        var specialTokens = definition.SpecialTokens.DistinctBy(token => token.Content).ToList();
        specials = new SpecialTokenMatcher(specialTokens);
        SpecialTokens = specialTokens.ToDictionary(token => token.Content, token => token.Id, StringComparer.Ordinal);
        BosTokenId = EosTokenId = SpecialTokens.TryGetValue(EndOfText, out var id) ? id : null;
    }

    /// <summary>Number of ids, i.e. the largest id plus one (50257 for GPT-2).</summary>
    public int VocabularySize => vocabulary.Size;

    /// <summary>The beginning-of-sequence id: <c>&lt;|endoftext|&gt;</c> (50256 for GPT-2) when it is a special token, else null.</summary>
    public int? BosTokenId { get; }

    /// <summary>The end-of-sequence id: <c>&lt;|endoftext|&gt;</c> (50256 for GPT-2) when it is a special token, else null.</summary>
    public int? EosTokenId { get; }

    /// <summary>The special (added) tokens and their ids.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>Loads GPT-2's <c>vocab.json</c> (or <c>encoder.json</c>) and <c>merges.txt</c> (or <c>vocab.bpe</c>).</summary>
    /// <exception cref="TokenizerFormatException">A file is malformed or inconsistent; the message names it.</exception>
    public static Gpt2Tokenizer FromVocabAndMerges(string vocabJsonPath, string mergesTxtPath) =>
        new(VocabMergesFiles.Read(vocabJsonPath, mergesTxtPath));

    /// <summary>Loads a Hugging Face <c>tokenizer.json</c> with a byte-level BPE model.</summary>
    /// <exception cref="TokenizerFormatException">The file is malformed or uses a feature not implemented here; the message names the field.</exception>
    public static Gpt2Tokenizer FromTokenizerJson(string tokenizerJsonPath) =>
        new(TokenizerJsonFile.Read(tokenizerJsonPath));

    /// <summary>
    /// Loads the tokenizer of a model folder: <c>tokenizer.json</c> when present, else
    /// <c>vocab.json</c> + <c>merges.txt</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder has neither.</exception>
    public static Gpt2Tokenizer FromFolder(string folder)
    {
        var tokenizerJson = Path.Combine(folder, "tokenizer.json");
        if (File.Exists(tokenizerJson))
        {
            return FromTokenizerJson(tokenizerJson);
        }
        var (vocab, merges) = (Path.Combine(folder, "vocab.json"), Path.Combine(folder, "merges.txt"));
        if (File.Exists(vocab) && File.Exists(merges))
        {
            return FromVocabAndMerges(vocab, merges);
        }
        throw new FileNotFoundException(
            $"No tokenizer in '{folder}': expected 'tokenizer.json', or both 'vocab.json' and 'merges.txt' " +
            "(copy them from the model's Hugging Face snapshot).");
    }

    /// <summary>Encodes text; special tokens in it are encoded as ordinary text (as GPT-2's encoder.py does).</summary>
    public int[] Encode(string text) => Encode(text, allowSpecialTokens: false);

    /// <summary>
    /// Encodes text. With <paramref name="allowSpecialTokens"/>, occurrences of special tokens
    /// (e.g. <c>&lt;|endoftext|&gt;</c>) become their ids and the text between them is encoded separately.
    /// </summary>
    public int[] Encode(string text, bool allowSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new IdBuffer(stackalloc int[StackIds]);
        try
        {
            var rest = text.AsSpan();
            while (allowSpecialTokens && specials.TryFindNext(rest, out var index, out var special))
            {
                EncodeOrdinary(rest[..index], ref ids);
                ids.Append(special.Id);
                rest = rest[(index + special.Content.Length)..];
            }
            EncodeOrdinary(rest, ref ids);
            return ids.ToArray();
        }
        finally
        {
            ids.Dispose();
        }
    }

    /// <summary>Decodes ids to text; byte sequences that are not valid UTF-8 become U+FFFD.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id belongs to no token.</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var length = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            length += (vocabulary.BytesOf(ids[i]) ?? throw UnknownId(ids[i], $"position {i}")).Length;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = 0;
            foreach (var id in ids)
            {
                var bytes = vocabulary.BytesOf(id)!;
                bytes.CopyTo(buffer, written);
                written += bytes.Length;
            }
            return Encoding.UTF8.GetString(buffer, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The id of a vocabulary or special token string (e.g. <c>"Ġthe"</c>), or null.</summary>
    public int? TokenToId(string token) => vocabulary.IdOf(token);

    /// <summary>The token string of an id (e.g. <c>"Ġthe"</c>, spaces shown as <c>'Ġ'</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id belongs to no token.</exception>
    public string IdToToken(int id) => vocabulary.TokenOf(id) ?? throw UnknownId(id, "argument");

    private void EncodeOrdinary(ReadOnlySpan<char> text, ref IdBuffer ids)
    {
        while (!text.IsEmpty)
        {
            var length = Gpt2PreTokenizer.NextWordLength(text);
            words.Encode(text[..length], ref ids);
            text = text[length..];
        }
    }

    private ArgumentOutOfRangeException UnknownId(int id, string where) =>
        new("ids", id, $"Token id {id} ({where}) is not in the vocabulary: ids run from 0 to {VocabularySize - 1} and this one has no token.");
}
