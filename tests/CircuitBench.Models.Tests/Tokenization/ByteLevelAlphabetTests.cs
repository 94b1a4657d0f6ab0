using CircuitBench.Models.Tokenization;

namespace CircuitBench.Models.Tests.Tokenization;

public sealed class ByteLevelAlphabetTests
{
    [Theory]
    [InlineData(0x00, 0x0100)] // first non-printable byte
    [InlineData(0x0A, 0x010A)] // newline: 'Ċ'
    [InlineData(0x20, 0x0120)] // space: 'Ġ'
    [InlineData(0x21, 0x0021)] // '!' maps to itself
    [InlineData(0x7E, 0x007E)] // '~'
    [InlineData(0x7F, 0x0121)] // DEL
    [InlineData(0xA0, 0x0142)] // no-break space: 'ł'
    [InlineData(0xA1, 0x00A1)] // '¡'
    [InlineData(0xAD, 0x0143)] // soft hyphen: 'Ń', the last one
    [InlineData(0xFF, 0x00FF)] // 'ÿ'
    public void Bytes_map_to_gpt2_symbols(int value, int symbol)
    {
        Assert.Equal((char)symbol, ByteLevelAlphabet.Symbol((byte)value));
    }

    [Fact]
    public void The_map_is_a_bijection_onto_256_symbols()
    {
        var symbols = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.Symbol((byte)b)).ToList();
        Assert.Equal(256, symbols.Distinct().Count());
        foreach (var b in Enumerable.Range(0, 256))
        {
            Assert.True(ByteLevelAlphabet.TryGetByte(symbols[b], out var back));
            Assert.Equal(b, back);
        }
    }

    [Theory]
    [InlineData(' ')]
    [InlineData('\n')]
    [InlineData('\u0144')]
    [InlineData('\u00AD')]
    [InlineData('é' + 0x100)]
    public void Characters_outside_the_alphabet_have_no_byte(char c)
    {
        Assert.False(ByteLevelAlphabet.TryGetByte(c, out _));
    }
}
