using System.Buffers.Binary;

namespace CircuitBench.Parquet.Encodings;

/// <summary>
/// The RLE / bit-packing hybrid of Encodings.md, used for definition levels and dictionary
/// indices. A run header is a ULEB128 varint: an even header <c>2n</c> starts an RLE run of n copies
/// of one value stored in ceil(bitWidth/8) little-endian bytes; an odd header <c>2g+1</c> starts
/// g groups of 8 values bit-packed least-significant bit first. No length prefix is read or written here.
/// </summary>
internal static class RleHybrid
{
    private const int MinRleRun = 8;
    private const int MaxGroupsPerLiteralRun = 63; // keeps every literal header in one byte

    /// <summary>Encodes <paramref name="values"/> (each below 2^bitWidth) and returns the bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<int> values, int bitWidth)
    {
        CheckBitWidth(bitWidth);
        using var output = new MemoryStream();
        var literal = new List<int>();
        var i = 0;
        while (i < values.Length)
        {
            var run = 1;
            while (i + run < values.Length && values[i + run] == values[i])
            {
                run++;
            }

            if (run >= MinRleRun)
            {
                FlushLiteral(output, literal, bitWidth);
                WriteVarint(output, (uint)run << 1);
                WriteRleValue(output, values[i], bitWidth);
                i += run;
                continue;
            }

            // Take one group of 8 as literals; past the end it is padded with zeros, which the
            // reader ignores because it knows how many values it wants.
            for (var k = 0; k < 8; k++, i++)
            {
                literal.Add(i < values.Length ? values[i] : 0);
            }

            if (literal.Count == MaxGroupsPerLiteralRun * 8)
            {
                FlushLiteral(output, literal, bitWidth);
            }
        }

        FlushLiteral(output, literal, bitWidth);
        return output.ToArray();
    }

    /// <summary>
    /// Decodes exactly <c>destination.Length</c> values and returns the number of bytes used.
    /// </summary>
    /// <exception cref="InvalidDataException">The data ends early or a run is malformed.</exception>
    public static int Decode(ReadOnlySpan<byte> data, int bitWidth, Span<int> destination)
    {
        CheckBitWidth(bitWidth);
        var position = 0;
        var filled = 0;
        var valueBytes = (bitWidth + 7) / 8;
        while (filled < destination.Length)
        {
            var header = ReadVarint(data, ref position);
            var wanted = destination.Length - filled;
            if ((header & 1) == 0)
            {
                var count = header >> 1;
                if (valueBytes > data.Length - position)
                {
                    throw new InvalidDataException($"RLE run value runs past the end of the data at byte {position}.");
                }

                var value = ReadRleValue(data.Slice(position, valueBytes));
                position += valueBytes;
                if (bitWidth < 32 && value >> bitWidth != 0)
                {
                    throw new InvalidDataException($"RLE run value {value} does not fit in {bitWidth} bits.");
                }

                var n = (int)Math.Min(count, (ulong)wanted);
                destination.Slice(filled, n).Fill((int)value);
                filled += n;
            }
            else
            {
                var groups = header >> 1;
                var runValues = groups * 8;
                var n = (int)Math.Min(runValues, (ulong)wanted);
                var needed = (int)(((long)n * bitWidth + 7) / 8);
                if (needed > data.Length - position)
                {
                    throw new InvalidDataException(
                        $"bit-packed run of {n} values needs {needed} bytes at byte {position}, only {data.Length - position} left.");
                }

                Unpack(data[position..], bitWidth, destination.Slice(filled, n));
                filled += n;
                position += (int)Math.Min(groups * (ulong)bitWidth, (ulong)(data.Length - position));
            }
        }

        return position;
    }

    private static void FlushLiteral(MemoryStream output, List<int> literal, int bitWidth)
    {
        if (literal.Count == 0)
        {
            return;
        }

        WriteVarint(output, ((uint)(literal.Count / 8) << 1) | 1);
        var packed = new byte[literal.Count * bitWidth / 8];
        long bit = 0;
        foreach (var value in literal)
        {
            for (var b = 0; b < bitWidth; b++, bit++)
            {
                if (((value >> b) & 1) != 0)
                {
                    packed[bit >> 3] |= (byte)(1 << (int)(bit & 7));
                }
            }
        }

        output.Write(packed);
        literal.Clear();
    }

    private static void Unpack(ReadOnlySpan<byte> data, int bitWidth, Span<int> destination)
    {
        long bit = 0;
        for (var i = 0; i < destination.Length; i++)
        {
            var value = 0;
            for (var b = 0; b < bitWidth; b++, bit++)
            {
                value |= ((data[(int)(bit >> 3)] >> (int)(bit & 7)) & 1) << b;
            }

            destination[i] = value;
        }
    }

    private static void WriteRleValue(MemoryStream output, int value, int bitWidth)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        output.Write(bytes[..((bitWidth + 7) / 8)]);
    }

    private static uint ReadRleValue(ReadOnlySpan<byte> bytes)
    {
        Span<byte> buffer = stackalloc byte[4];
        buffer.Clear();
        bytes.CopyTo(buffer);
        return BinaryPrimitives.ReadUInt32LittleEndian(buffer);
    }

    private static void WriteVarint(MemoryStream output, uint value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        var start = position;
        ulong result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException($"RLE/bit-packed data ends inside a run header at byte {start}.");
            }

            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException($"RLE/bit-packed run header at byte {start} is longer than 5 bytes.");
    }

    private static void CheckBitWidth(int bitWidth)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new InvalidDataException($"bit width {bitWidth} is outside 0..32.");
        }
    }
}
