using CircuitBench.Parquet.Compression;

namespace CircuitBench.Parquet.Tests.Compression;

public sealed class SnappyTests
{
    [Fact]
    public void Literals_and_overlapping_copies_expand()
    {
        // length 12; literal "abc"; copy with 1-byte offset: length 9 from offset 3 (overlaps itself).
        byte[] compressed = [12, 0x08, (byte)'a', (byte)'b', (byte)'c', ((9 - 4) << 2) | 1, 3];
        Assert.Equal("abcabcabcabc"u8.ToArray(), Snappy.Decompress(compressed, 12));
    }

    [Fact]
    public void Long_literals_and_two_and_four_byte_offsets_expand()
    {
        var literal = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        byte[] compressed =
        [
            110, // length 110
            60 << 2, 99, .. literal, // literal, length - 1 in one extra byte
            ((5 - 1) << 2) | 2, 100, 0, // 2-byte offset 100, length 5
            ((5 - 1) << 2) | 3, 50, 0, 0, 0, // 4-byte offset 50, length 5
        ];
        byte[] expected = [.. literal, .. literal[..5], .. literal[55..60]];
        Assert.Equal(expected, Snappy.Decompress(compressed, 110));
    }

    [Theory]
    [InlineData(new byte[] { 5, 0x08, 1, 2, 3 }, 5, "expanded to 3 bytes, expected 5")]
    [InlineData(new byte[] { 4, 0x08, 1, 2, 3 }, 3, "expands to 4 bytes, the page header says 3")]
    [InlineData(new byte[] { 8, 0x00, 1, 0x11, 0x00 }, 8, "copy of 8 bytes from offset 0")]
    [InlineData(new byte[] { 8, 0x00, 1, 0x11, 0x05 }, 8, "copy of 8 bytes from offset 5 at output byte 1 is out of range")]
    [InlineData(new byte[] { 3, 0x08, 1 }, 3, "overruns its input or output")]
    public void Corrupt_data_is_an_error(byte[] compressed, int expectedLength, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Snappy.Decompress(compressed, expectedLength));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
