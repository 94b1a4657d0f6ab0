using System.Text.Json;
using CircuitBench.Models.Tokenization;

namespace CircuitBench.Models.Tests.Tokenization;

/// <summary>
/// A hand-made byte-level BPE vocabulary: the 256 byte symbols with id = byte value, then the merged
/// tokens below (ids 256..), then <c>&lt;|endoftext|&gt;</c>. Written as vocab.json + merges.txt or
/// tokenizer.json into a scratch folder.
/// </summary>
internal static class TinyTokenizerFiles
{
    /// <summary>Merges in rank order. "e r" outranks "w e", so "wer" is w + er, not we + r.</summary>
    public static readonly (string Left, string Right)[] Merges =
    [
        ("e", "r"),
        ("l", "o"),
        ("lo", "w"),
        ("Ġ", "low"),
        ("low", "er"),
        ("w", "e"),
        ("a", "a"),
        ("Ġ", "Ġ"),
    ];

    public const string EndOfText = "<|endoftext|>";

    /// <summary>Id of the special token: after the bytes and one token per merge.</summary>
    public static int EndOfTextId => 256 + Merges.Length;

    public static Dictionary<string, int> Vocabulary()
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < 256; b++)
        {
            vocab[ByteLevelAlphabet.Symbol((byte)b).ToString()] = b;
        }
        foreach (var (left, right) in Merges)
        {
            vocab[left + right] = vocab.Count;
        }
        vocab[EndOfText] = vocab.Count;
        return vocab;
    }

    public static string MergesText(IEnumerable<(string Left, string Right)> merges) =>
        "#version: 0.2\n" + string.Concat(merges.Select(m => $"{m.Left} {m.Right}\n"));

    /// <summary>Writes vocab.json and merges.txt; returns their paths.</summary>
    public static (string Vocab, string Merges) WriteVocabAndMerges(string folder, Dictionary<string, int>? vocab = null, string? mergesText = null)
    {
        var vocabPath = Path.Combine(folder, "vocab.json");
        var mergesPath = Path.Combine(folder, "merges.txt");
        File.WriteAllText(vocabPath, JsonSerializer.Serialize(vocab ?? Vocabulary()));
        File.WriteAllText(mergesPath, mergesText ?? MergesText(Merges));
        return (vocabPath, mergesPath);
    }

    /// <summary>A tokenizer.json object as Hugging Face writes GPT-2's, for tests to alter.</summary>
    public static Dictionary<string, object?> TokenizerJson(bool mergesAsPairs = false) => new()
    {
        ["version"] = "1.0",
        ["truncation"] = null,
        ["padding"] = null,
        ["added_tokens"] = new[]
        {
            new Dictionary<string, object>
            {
                ["id"] = EndOfTextId, ["content"] = EndOfText, ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = true, ["special"] = true,
            },
        },
        ["normalizer"] = null,
        ["pre_tokenizer"] = ByteLevel(),
        ["post_processor"] = ByteLevel(),
        ["decoder"] = ByteLevel(),
        ["model"] = new Dictionary<string, object?>
        {
            ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "",
            ["end_of_word_suffix"] = "", ["fuse_unk"] = false, ["byte_fallback"] = false,
            ["vocab"] = Vocabulary(),
            ["merges"] = mergesAsPairs
                ? Merges.Select(m => (object)new[] { m.Left, m.Right }).ToArray()
                : Merges.Select(m => (object)$"{m.Left} {m.Right}").ToArray(),
        },
    };

    public static Dictionary<string, object?> ByteLevel() => new()
    {
        ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true,
    };

    /// <summary>Writes a tokenizer.json object into <paramref name="folder"/>; returns its path.</summary>
    public static string WriteTokenizerJson(string folder, Dictionary<string, object?> json)
    {
        var path = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(path, JsonSerializer.Serialize(json));
        return path;
    }
}
