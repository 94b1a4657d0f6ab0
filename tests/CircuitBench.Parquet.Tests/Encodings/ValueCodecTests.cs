using CircuitBench.Parquet.Encodings;

namespace CircuitBench.Parquet.Tests.Encodings;

public sealed class ValueCodecTests
{
    [Fact]
    public void Booleans_pack_one_bit_per_value_least_significant_first()
    {
        bool[] values = [true, false, true, true, false, false, false, false, true];
        using var stream = new MemoryStream();
        BooleanCodec.Instance.EncodePlain(values, stream);
        Assert.Equal(new byte[] { 0b0000_1101, 0b0000_0001 }, stream.ToArray());
        Assert.Equal(values, BooleanCodec.Instance.DecodePlain(stream.ToArray(), values.Length, out var consumed));
        Assert.Equal(2, consumed);
    }

    [Fact]
    public void Strings_carry_a_little_endian_length_prefix()
    {
        using var stream = new MemoryStream();
        StringCodec.Instance.EncodePlain(["é", ""], stream);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0xC3, 0xA9, 0, 0, 0, 0 }, stream.ToArray());
        Assert.Equal(["é", ""], StringCodec.Instance.DecodePlain(stream.ToArray(), 2, out _));
    }

    [Fact]
    public void Invalid_utf8_is_an_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => StringCodec.Instance.DecodePlain([1, 0, 0, 0, 0xFF], 1, out _));
        Assert.Contains("string 0 is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 5, 0, 0, 0, 1 }, "length 5 exceeds the 1 bytes left")]
    [InlineData(new byte[] { 5, 0 }, "ends inside its length prefix")]
    public void Truncated_strings_are_errors(byte[] data, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => StringCodec.Instance.DecodePlain(data, 1, out _));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_fixed_width_values_are_errors()
    {
        var error = Assert.Throws<InvalidDataException>(() => Int64Codec.Instance.DecodePlain(new byte[12], 2, out _));
        Assert.Contains("needs 16 bytes, found 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float_bounds_skip_NaN_and_sign_their_zeros()
    {
        Assert.Equal((-1.5, 2.0), DoubleCodec.Instance.MinMax([double.NaN, 2.0, -1.5]));
        var zeros = DoubleCodec.Instance.MinMax([0.0, -0.0, 0.0]);
        Assert.True(double.IsNegative(zeros!.Value.Min) && zeros.Value.Min == 0);
        Assert.True(double.IsPositive(zeros.Value.Max) && zeros.Value.Max == 0);
        Assert.Null(FloatCodec.Instance.MinMax([float.NaN, float.NaN]));
        Assert.Equal((float.NegativeInfinity, float.PositiveInfinity), FloatCodec.Instance.MinMax([float.PositiveInfinity, float.NegativeInfinity, 1f]));
    }

    [Fact]
    public void String_bounds_order_by_utf8_bytes_not_utf16_units()
    {
        // In UTF-16 "🙂" starts with 0xD83D and sorts below "｡" (0xFF61); in UTF-8 (F0.. vs EF..) it sorts above.
        Assert.Equal(("a", "🙂"), StringCodec.Instance.MinMax(["｡", "🙂", "a"]));
    }

    [Fact]
    public void Byte_stream_split_gathers_each_byte_stream()
    {
        // Two int32 values 0x04030201 and 0x08070605 split into 4 streams of 2 bytes.
        byte[] data = [0x01, 0x05, 0x02, 0x06, 0x03, 0x07, 0x04, 0x08];
        Assert.Equal([0x04030201, 0x08070605], Int32Codec.Instance.DecodeByteStreamSplit(data, 2));
        Assert.Throws<InvalidDataException>(() => Int32Codec.Instance.DecodeByteStreamSplit(data, 1));
    }
}
