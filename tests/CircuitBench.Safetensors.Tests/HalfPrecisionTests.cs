namespace CircuitBench.Safetensors.Tests;

/// <summary>
/// F16 and BF16 against bit patterns worked out by hand from the IEEE 754 and bfloat16 layouts,
/// in both directions: files built byte by byte are read, and our writer's bytes are inspected.
/// </summary>
public sealed class HalfPrecisionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // (stored 16-bit pattern, float32 bit pattern it means)
    public static TheoryData<ushort, uint> HalfDecodings => new()
    {
        { 0x3C00, 0x3F800000 }, // 1.0
        { 0xC100, 0xC0200000 }, // -2.5
        { 0x0001, 0x33800000 }, // smallest subnormal 2^-24
        { 0x03FF, 0x387FC000 }, // largest subnormal 1023·2^-24
        { 0x0400, 0x38800000 }, // smallest normal 2^-14
        { 0x7BFF, 0x477FE000 }, // max 65504
        { 0x7C00, 0x7F800000 }, // +inf
        { 0xFC00, 0xFF800000 }, // -inf
        { 0x8000, 0x80000000 }, // -0
        { 0x3555, 0x3EAAA000 }, // 0.333251953125
    };

    public static TheoryData<ushort, uint> BFloat16Decodings => new()
    {
        { 0x3F80, 0x3F800000 }, // 1.0
        { 0xC020, 0xC0200000 }, // -2.5
        { 0x0001, 0x00010000 }, // smallest subnormal 2^-133
        { 0x0080, 0x00800000 }, // smallest normal 2^-126
        { 0x7F7F, 0x7F7F0000 }, // max ≈ 3.3895e38
        { 0x7F80, 0x7F800000 }, // +inf
        { 0xFF80, 0xFF800000 }, // -inf
        { 0x8000, 0x80000000 }, // -0
    };

    [Theory]
    [MemberData(nameof(HalfDecodings))]
    public void F16_bit_patterns_read_as_the_expected_float(ushort stored, uint expectedBits) =>
        Assert.Equal(expectedBits, BitConverter.SingleToUInt32Bits(ReadOne("F16", stored)));

    [Theory]
    [MemberData(nameof(BFloat16Decodings))]
    public void BF16_bit_patterns_read_as_the_expected_float(ushort stored, uint expectedBits) =>
        Assert.Equal(expectedBits, BitConverter.SingleToUInt32Bits(ReadOne("BF16", stored)));

    [Theory]
    [InlineData("F16", (ushort)0x7E00)]
    [InlineData("F16", (ushort)0xFC01)]
    [InlineData("BF16", (ushort)0x7FC0)]
    [InlineData("BF16", (ushort)0xFF81)]
    public void NaN_patterns_read_as_NaN(string dtype, ushort stored) =>
        Assert.True(float.IsNaN(ReadOne(dtype, stored)));

    // (float32 bits given to the writer, 16-bit pattern expected in the file)
    public static TheoryData<uint, ushort> HalfEncodings => new()
    {
        { 0x3F800000, 0x3C00 }, // 1.0
        { 0xC0200000, 0xC100 }, // -2.5
        { 0x477FE000, 0x7BFF }, // 65504, the max
        { 0x477FF000, 0x7C00 }, // 65520: halfway to 65536, ties to even → inf
        { 0x49742400, 0x7C00 }, // 1e6 overflows → inf
        { 0x33800000, 0x0001 }, // 2^-24, smallest subnormal
        { 0x33000000, 0x0000 }, // 2^-25: halfway between 0 and 2^-24, ties to even → 0
        { 0x33C00000, 0x0002 }, // 3·2^-25: halfway between 1 and 2 ulps → 2
        { 0x80000000, 0x8000 }, // -0
        { 0x3F801000, 0x3C00 }, // 1 + 2^-11: halfway, ties to even → 1.0
        { 0x3F803000, 0x3C02 }, // 1 + 3·2^-11: halfway, ties to even → 1 + 2^-9
        { 0x3F801001, 0x3C01 }, // just above halfway → rounds up
        { 0xFF800000, 0xFC00 }, // -inf
    };

    public static TheoryData<uint, ushort> BFloat16Encodings => new()
    {
        { 0x3F800000, 0x3F80 }, // 1.0
        { 0xC0200000, 0xC020 }, // -2.5
        { 0x3F808000, 0x3F80 }, // 1 + 2^-8: halfway, ties to even → 1.0
        { 0x3F818000, 0x3F82 }, // 1 + 3·2^-8: halfway, ties to even → up
        { 0x3F808001, 0x3F81 }, // just above halfway → up
        { 0x3F807FFF, 0x3F80 }, // just below halfway → down
        { 0x7F7FFFFF, 0x7F80 }, // float32 max rounds past the BF16 max → inf
        { 0x7F7F7FFF, 0x7F7F }, // just below the rounding point → BF16 max
        { 0x7F800000, 0x7F80 }, // +inf
        { 0x00010000, 0x0001 }, // subnormal
        { 0x80000000, 0x8000 }, // -0
        { 0x7FC00000, 0x7FC0 }, // quiet NaN
        { 0x7F800001, 0x7FC0 }, // NaN with a low payload stays NaN (not inf)
        { 0xFFC00000, 0xFFC0 }, // negative NaN keeps its sign
    };

    [Theory]
    [MemberData(nameof(HalfEncodings))]
    public void Writer_stores_F16_rounded_to_nearest_even(uint floatBits, ushort expected) =>
        Assert.Equal(expected, WriteOne(floatBits, SafetensorsDType.F16));

    [Theory]
    [MemberData(nameof(BFloat16Encodings))]
    public void Writer_stores_BF16_rounded_to_nearest_even(uint floatBits, ushort expected) =>
        Assert.Equal(expected, WriteOne(floatBits, SafetensorsDType.BF16));

    [Fact]
    public void F16_NaN_is_stored_as_a_NaN()
    {
        var stored = WriteOne(0x7FC00000, SafetensorsDType.F16);
        Assert.Equal(0x7C00, stored & 0x7C00); // all exponent bits
        Assert.NotEqual(0, stored & 0x03FF);   // non-zero mantissa
    }

    private float ReadOne(string dtype, ushort stored)
    {
        var path = RawFile.Write(_folder.File($"{dtype}.safetensors"), RawFile.Build(
            $$$"""{"x":{"dtype":"{{{dtype}}}","shape":[1],"data_offsets":[0,2]}}""", RawFile.UInt16s(stored)));
        using var file = SafetensorsFile.Open(path);
        return file.ReadFloat32("x")[0];
    }

    private ushort WriteOne(uint floatBits, SafetensorsDType dtype)
    {
        var writer = new SafetensorsWriter();
        writer.Add("x", [BitConverter.UInt32BitsToSingle(floatBits)], [1], dtype);
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return Assert.Single(RawFile.ToUInt16s(RawFile.DataSection(stream.ToArray())));
    }
}
