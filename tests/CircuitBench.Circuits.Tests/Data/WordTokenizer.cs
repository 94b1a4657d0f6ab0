using System.Text;
using System.Text.Json;
using CircuitBench.Models.Tokenization;

namespace CircuitBench.Circuits.Tests.Data;

/// <summary>
/// A byte-level BPE tokenizer written to a temporary folder: the 256 byte symbols (GPT-2's printable mapping) with
/// id = byte, merges that make " Mary", " John" and "When" single tokens, then &lt;|endoftext|&gt; as BOS.
/// </summary>
internal static class WordTokenizer
{
    private static readonly (string Left, string Right)[] Merges =
    [
        ("Ġ", "M"), ("a", "r"), ("ĠM", "ar"), ("ĠMar", "y"),
        ("Ġ", "J"), ("o", "h"), ("ĠJ", "oh"), ("ĠJoh", "n"),
        ("W", "h"), ("e", "n"), ("Wh", "en"),
    ];

    /// <summary>Vocabulary size: bytes, merged tokens, end-of-text.</summary>
    public static int Size => 256 + Merges.Length + 1;

    public static int EndOfText => Size - 1;

    /// <summary>Ids of the merged tokens by text.</summary>
    public static int Id(string token) => 256 + Array.FindIndex(Merges, m => (m.Left + m.Right) == token.Replace(' ', 'Ġ'));

    public static Gpt2Tokenizer Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"circuitbench-word-tokenizer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var vocab = Enumerable.Range(0, 256).ToDictionary(b => ByteSymbol((byte)b), b => b);
            foreach (var (left, right) in Merges) vocab[left + right] = vocab.Count;
            vocab[Gpt2Tokenizer.EndOfText] = vocab.Count;
            File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(vocab));
            File.WriteAllText(Path.Combine(folder, "merges.txt"), "#version: 0.2\n" + string.Concat(Merges.Select(m => $"{m.Left} {m.Right}\n")), Encoding.UTF8);
            return Gpt2Tokenizer.FromFolder(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest map to 256 + n in byte order.</summary>
    private static string ByteSymbol(byte b)
    {
        static bool Printable(int c) => c is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';
        if (Printable(b)) return ((char)b).ToString();
        var n = Enumerable.Range(0, b).Count(c => !Printable(c));
        return ((char)(256 + n)).ToString();
    }
}
