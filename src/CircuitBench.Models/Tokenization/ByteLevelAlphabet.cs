namespace CircuitBench.Models.Tokenization;

/// <summary>
/// GPT-2's reversible map from the 256 byte values to printable characters, so that every byte
/// sequence is a string of visible symbols (a space byte is <c>'Ġ'</c>, a newline <c>'Ċ'</c>).
/// Bytes that are printable in Latin-1 (<c>'!'..'~'</c>, <c>'¡'..'¬'</c>, <c>'®'..'ÿ'</c>) map to
/// themselves; the other 68, in increasing byte order, map to U+0100, U+0101, ..., U+0143.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToSymbol = BuildByteToSymbol();

    // Indexed by symbol (all symbols are below U+0144); -1 for characters that are not symbols.
    private static readonly short[] SymbolToByte = BuildSymbolToByte(ByteToSymbol);

    /// <summary>The symbol that stands for <paramref name="value"/>.</summary>
    public static char Symbol(byte value) => ByteToSymbol[value];

    /// <summary>The byte that <paramref name="symbol"/> stands for, if it is one of the 256 symbols.</summary>
    public static bool TryGetByte(char symbol, out byte value)
    {
        var b = symbol < SymbolToByte.Length ? SymbolToByte[symbol] : (short)-1;
        value = (byte)Math.Max(b, (short)0);
        return b >= 0;
    }

    private static bool IsPrintableLatin1(int b) =>
        b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';

    private static char[] BuildByteToSymbol()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            table[b] = IsPrintableLatin1(b) ? (char)b : (char)next++;
        }
        return table;
    }

    private static short[] BuildSymbolToByte(char[] byteToSymbol)
    {
        var table = new short[byteToSymbol.Max() + 1];
        Array.Fill(table, (short)-1);
        for (var b = 0; b < 256; b++)
        {
            table[byteToSymbol[b]] = (short)b;
        }
        return table;
    }
}
