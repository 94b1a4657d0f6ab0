using System.Text;

namespace CircuitBench.Models.Tests.Tokenization;

/// <summary>
/// Deterministic, varied test strings for the reference comparison: words in many scripts,
/// contractions, numbers, punctuation, code, emoji, control characters, whitespace runs, leading and
/// trailing whitespace, long repeats and random code points. Left out: U+0085 and U+FEFF, where
/// JavaScript's <c>\s</c> differs from the Unicode White_Space of GPT-2's Python regex (our behaviour
/// there is pinned by a unit test), and unpaired surrogates, which no encoder round-trips.
/// </summary>
internal static class InteropCorpus
{
    private static readonly string[] Words =
    [
        "the", "The", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "Hello", "world", "circuit",
        "transformer", "attention", "Neuron", "GPT", "tokenizer", "Mary", "John", "store", "gave", "a", "I",
        "naïve", "café", "résumé", "Zürich", "straße", "ÆØÅ", "Ελληνικά", "привет", "мир", "שלום", "مرحبا",
        "नमस्ते", "你好", "世界", "こんにちは", "カタカナ", "안녕하세요", "ไทย", "ქართული", "Հայերեն", "𝐀𝐁𝐂",
        "𠀀𠀁", "ǅemal", "ʰa", "e\u0301", "ﬁne", "ＡＢＣ",
    ];

    private static readonly string[] Contractions =
    [
        "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'LL", "'x", "'", "''", "’s", "n't",
        "don't", "I'm", "we'll", "they've", "she'd", "it's", "you're", "O'Neil", "rock'n'roll", "'''s", "' s",
    ];

    private static readonly string[] Numbers =
    [
        "0", "7", "42", "123", "2024", "3.14159", "1,000,000", "-17", "+1", "1e-9", "0x1F", "½", "²", "Ⅻ",
        "٣٤٥", "१२३", "①", "12345678901234567890",
    ];

    private static readonly string[] Punctuation =
    [
        ".", ",", "!", "?", "...", "?!", "—", "–", "-", "(", ")", "[", "]", "{", "}", "<", ">", "\"", "«", "»",
        "“", "”", "‘", "’", ":", ";", "/", "\\", "|", "@", "#", "$", "%", "^", "&", "*", "~", "`", "_", "=",
        "+", ",,", ",\"", "\",", "'\"", ",,,,", "\",\"", "<|endoftext|>", "©", "€", "£", "¥", "§", "°", "•",
        "→", "∑", "√", "…", "¿", "¡",
    ];

    private static readonly string[] Code =
    [
        "for (int i = 0; i < n; i++) {", "def f(x):\n    return x ** 2\n", "<div class=\"a\">text</div>",
        "SELECT * FROM t WHERE id = 1;", "\tif x:\n\t\tpass", "x => x.Name", "#include <stdio.h>",
        "{\"key\": [1, 2.5, null]}", "// comment", "/* block */", "a_b__c", "__init__", "$HOME/.cache",
        "https://example.com/path?q=1&r=2", "user@example.org", "C:\\Windows\\System32", "0o777 | 0b1010",
    ];

    private static readonly string[] Spaces =
    [
        " ", "  ", "   ", "    ", "        ", "\t", "\t\t", "\n", "\n\n", "\n\n\n", "\r\n", " \n", "\n ",
        " \t ", "\u00A0", "\u2003", "\u3000", "\u2028", "\u000B", "\u000C", "\r", " \u00A0 ", "\n \n",
    ];

    private static readonly string[] Emoji =
    [
        "😀", "👍", "👍🏽", "👨‍👩‍👧", "🇯🇵", "❤️", "🎉", "🔥", "✨", "🤖", "🧠", "🙂🙃",
    ];

    private static readonly string[] Controls =
    [
        "\u0000", "\u0001", "\u0007", "\u001B", "\u001C", "\u001F", "\u007F", "\u0080", "\u009F", "\u200B",
        "\u200D", "\u00AD", "\uFFFD", "\u2060",
    ];

    // Blocks assigned long ago, so that .NET and Node agree on their Unicode categories.
    private static readonly (int First, int Last)[] CodePointRanges =
    [
        (0x20, 0x7E), (0xA0, 0xFF), (0x100, 0x17F), (0x391, 0x3C9), (0x410, 0x44F), (0x5D0, 0x5EA),
        (0x621, 0x64A), (0x900, 0x97F), (0x2010, 0x2027), (0x2200, 0x22FF), (0x2500, 0x257F),
        (0x3041, 0x3096), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0x1D400, 0x1D433), (0x1F600, 0x1F64F),
        (0x20000, 0x200FF),
    ];

    private static readonly string[][] Pools = [Words, Words, Words, Contractions, Numbers, Punctuation, Code, Emoji, Controls];

    /// <summary>Hand-picked edge cases followed by <paramref name="count"/> generated strings.</summary>
    public static List<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new List<string>(EdgeCases);
        while (texts.Count < EdgeCases.Length + count)
        {
            texts.Add(random.Next(10) switch
            {
                0 => RandomCodePoints(random, random.Next(1, 30)),
                1 => Repeat(random),
                2 => AsciiSoup(random, random.Next(1, 60)),
                _ => Sentence(random),
            });
        }
        return texts;
    }

    private static readonly string[] EdgeCases =
    [
        "", " ", "  ", "\n", "\n\n", "\t", " a", "a ", "  a", "a  ", "a\n", "\na", "'s", "''", "'S", "it's'",
        "x'll'd", "Hello world", " Hello world", "Hello  world", "Hello\n\nworld", "<|endoftext|>",
        "a<|endoftext|>b", "   leading and trailing   ", "\r\n\r\n", "😀", " 😀", "1 2 3", "a\u00A0b",
    ];

    private static string Sentence(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(5) == 0)
        {
            text.Append(Pick(random, Spaces));
        }
        var pieces = random.Next(1, 11);
        for (var i = 0; i < pieces; i++)
        {
            text.Append(Pick(random, Pick(random, Pools)));
            var separator = random.Next(10);
            if (separator < 4)
            {
                text.Append(' ');
            }
            else if (separator < 7 && i + 1 < pieces)
            {
                text.Append(Pick(random, Spaces));
            }
        }
        return text.ToString();
    }

    private static string Repeat(Random random)
    {
        var unit = Pick(random, ["a", " ", "!", "ab", "\n", "😀", "1", "。", "'s", " the", "\t ", "-", "=", "aa ", ","]);
        return string.Concat(Enumerable.Repeat(unit, random.Next(2, 200)));
    }

    private static string AsciiSoup(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = random.Next(8) == 0 ? Pick(random, [' ', '\n', '\t', '\'']) : (char)random.Next(0x20, 0x7F);
        }
        return new string(chars);
    }

    private static string RandomCodePoints(Random random, int length)
    {
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var (first, last) = Pick(random, CodePointRanges);
            text.Append(char.ConvertFromUtf32(random.Next(first, last + 1)));
        }
        return text.ToString();
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
