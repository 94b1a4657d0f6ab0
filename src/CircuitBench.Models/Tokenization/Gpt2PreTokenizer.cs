using System.Globalization;
using System.Text;

namespace CircuitBench.Models.Tokenization;

/// <summary>
/// Splits text into the words that GPT-2 encodes separately, exactly as the regular expression of
/// OpenAI's <c>encoder.py</c> (and Hugging Face's ByteLevel pre-tokenizer) applied with findall:
/// <code>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</code>
/// The expression is evaluated by hand on code points (a .NET <c>Regex</c> would classify the two
/// halves of a surrogate pair separately). <c>\s</c> is the Unicode White_Space property, as in
/// Python's <c>regex</c> module and Oniguruma: U+0085 is whitespace, U+FEFF is not.
/// Unpaired surrogates count as "other" characters.
/// </summary>
internal static class Gpt2PreTokenizer
{
    private enum CharClass
    {
        Letter,
        Number,
        Whitespace,
        Other,
    }

    /// <summary>The length, in UTF-16 units, of the word that starts <paramref name="text"/> (non-empty).</summary>
    public static int NextWordLength(ReadOnlySpan<char> text)
    {
        var contraction = ContractionLength(text);
        if (contraction > 0)
        {
            return contraction;
        }

        // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": one U+0020 may lead a run of one class.
        if (text[0] == ' ' && text.Length > 1)
        {
            var afterSpace = Classify(text[1..], out _);
            if (afterSpace != CharClass.Whitespace)
            {
                return 1 + RunLength(text[1..], afterSpace);
            }
        }
        var first = Classify(text, out _);
        if (first != CharClass.Whitespace)
        {
            return RunLength(text, first);
        }

        // "\s+(?!\S)" leaves the last whitespace character of a run that a non-space follows (it then
        // leads the next word); "\s+" takes a single whitespace character before a non-space.
        // Whitespace characters are all in the BMP, so backing off one code point is one UTF-16 unit.
        var run = RunLength(text, CharClass.Whitespace);
        return run == text.Length ? run : Math.Max(run - 1, 1);
    }

    /// <summary>Length of <c>'s|'t|'re|'ve|'m|'ll|'d</c> at the start of the text, or 0 (case-sensitive).</summary>
    private static int ContractionLength(ReadOnlySpan<char> text)
    {
        if (text.Length < 2 || text[0] != '\'')
        {
            return 0;
        }
        if (text[1] is 's' or 't' or 'm' or 'd')
        {
            return 2;
        }
        var isTwoLetter = text.Length >= 3 && (text[1], text[2]) is ('r', 'e') or ('v', 'e') or ('l', 'l');
        return isTwoLetter ? 3 : 0;
    }

    private static int RunLength(ReadOnlySpan<char> text, CharClass runClass)
    {
        var length = 0;
        while (length < text.Length && Classify(text[length..], out var units) == runClass)
        {
            length += units;
        }
        return length;
    }

    private static CharClass Classify(ReadOnlySpan<char> text, out int units)
    {
        Rune.DecodeFromUtf16(text, out var rune, out units);
        if (Rune.IsWhiteSpace(rune))
        {
            return CharClass.Whitespace;
        }
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharClass.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
                or UnicodeCategory.OtherNumber => CharClass.Number,
            _ => CharClass.Other,
        };
    }
}
