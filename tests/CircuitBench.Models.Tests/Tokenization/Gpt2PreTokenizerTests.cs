using CircuitBench.Models.Tokenization;

namespace CircuitBench.Models.Tests.Tokenization;

public sealed class Gpt2PreTokenizerTests
{
    [Theory]
    [InlineData("Hello world", "Hello| world")]
    [InlineData("I'm don't they'll we've she'd it's you're", "I|'m| don|'t| they|'ll| we|'ve| she|'d| it|'s| you|'re")]
    [InlineData("'S 'LL 'x", "'|S| '|LL| '|x")] // contractions are lower-case only
    [InlineData("' s ''s", "'| s| ''|s")]
    [InlineData("a  b", "a| | b")] // a run of spaces leaves its last space to the next word
    [InlineData("a   \n b", "a|   \n| b")]
    [InlineData("a\nb", "a|\n|b")]
    [InlineData("x\t\ty", "x|\t|\t|y")]
    [InlineData("a   ", "a|   ")] // trailing whitespace stays together
    [InlineData("  lead", " | lead")]
    [InlineData("123abc 4.5", "123|abc| 4|.|5")]
    [InlineData(" !! x", " !!| x")]
    [InlineData("  !!", " | !!")]
    [InlineData("Ⅻ½²٣", "Ⅻ½²٣")] // letter numbers, fractions, superscripts, Arabic-Indic digits are \p{N}
    [InlineData("𝐀𝐁c", "𝐀𝐁c")] // letters outside the BMP stay one word
    [InlineData("hi😀😀 😀", "hi|😀😀| 😀")]
    [InlineData("नमस्ते", "नमस|्|त|े")] // combining marks are neither letters nor numbers
    [InlineData("a\u3000\u3000b", "a|\u3000|\u3000|b")] // ideographic space is whitespace, but only U+0020 leads a word
    public void Splits_like_gpt2_regex(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), Split(text));
    }

    [Fact]
    public void Next_line_is_whitespace_and_byte_order_mark_is_not()
    {
        // Unicode White_Space, as Python's regex module (OpenAI's encoder.py) and Oniguruma (Hugging Face) use;
        // JavaScript's \s differs on exactly these two characters.
        Assert.Equal(["\u0085", "!"], Split("\u0085!"));
        Assert.Equal(["a", "\uFEFF!"], Split("a\uFEFF!"));
    }

    [Fact]
    public void Unpaired_surrogates_are_other_characters()
    {
        Assert.Equal(["a", "\uD800!", " \uDC00"], Split("a\uD800! \uDC00"));
    }

    private static List<string> Split(string text)
    {
        var words = new List<string>();
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var length = Gpt2PreTokenizer.NextWordLength(rest);
            words.Add(rest[..length].ToString());
            rest = rest[length..];
        }
        return words;
    }
}
