using CircuitBench.Parquet.Encodings;

namespace CircuitBench.Parquet.Tests.Encodings;

public sealed class RleHybridTests
{
    [Fact]
    public void Bit_packed_run_matches_the_Encodings_md_example()
    {
        // Values 0..7 at bit width 3: one group, header (1 << 1) | 1, bytes 10001000 11000110 11111010.
        int[] values = [0, 1, 2, 3, 4, 5, 6, 7];
        var bytes = RleHybrid.Encode(values, 3);
        Assert.Equal(new byte[] { 0x03, 0x88, 0xC6, 0xFA }, bytes);
        var decoded = new int[8];
        Assert.Equal(4, RleHybrid.Decode(bytes, 3, decoded));
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Long_runs_become_RLE_runs()
    {
        var values = Enumerable.Repeat(1, 10).Concat(Enumerable.Repeat(0, 300)).ToArray();
        var bytes = RleHybrid.Encode(values, 1);
        Assert.Equal(new byte[] { 0x14, 0x01, 0xD8, 0x04, 0x00 }, bytes); // 10 x 1, then 300 x 0
        var decoded = new int[values.Length];
        RleHybrid.Decode(bytes, 1, decoded);
        Assert.Equal(values, decoded);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 7)]
    [InlineData(1, 1000)]
    [InlineData(2, 999)]
    [InlineData(3, 64)]
    [InlineData(8, 517)]
    [InlineData(13, 2000)]
    [InlineData(32, 100)]
    public void Random_values_with_runs_round_trip(int bitWidth, int count)
    {
        var random = new Random(bitWidth * 1000 + count);
        var max = bitWidth == 32 ? int.MaxValue : (int)((1L << bitWidth) - 1);
        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = random.Next(4) == 0 && i > 0 ? values[i - 1] : (int)(random.NextInt64(max + 1L));
            if (random.Next(50) == 0)
            {
                var run = Math.Min(count - i, random.Next(8, 40));
                Array.Fill(values, values[i], i, run);
                i += run - 1;
            }
        }

        var bytes = RleHybrid.Encode(values, bitWidth);
        var decoded = new int[count];
        Assert.Equal(bytes.Length, RleHybrid.Decode(bytes, bitWidth, decoded));
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Decoding_stops_at_the_requested_count_inside_padding()
    {
        var bytes = RleHybrid.Encode([1, 0, 1], 1); // one padded group of 8
        var decoded = new int[3];
        RleHybrid.Decode(bytes, 1, decoded);
        Assert.Equal([1, 0, 1], decoded);
    }

    [Theory]
    [InlineData(new byte[] { }, "ends inside a run header")]
    [InlineData(new byte[] { 0x03 }, "bit-packed run of 8 values needs 1 bytes at byte 1, only 0 left")]
    [InlineData(new byte[] { 0x14 }, "RLE run value runs past the end")]
    [InlineData(new byte[] { 0x14, 0x02 }, "RLE run value 2 does not fit in 1 bits")]
    public void Truncated_or_invalid_runs_fail(byte[] bytes, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => RleHybrid.Decode(bytes, 1, new int[8]));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
