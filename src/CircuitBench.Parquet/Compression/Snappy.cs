using System.Buffers.Binary;

namespace CircuitBench.Parquet.Compression;

/// <summary>
/// Decompresses the raw Snappy format used by Parquet pages: a varint uncompressed length, then
/// elements whose tag's two low bits select a literal (00) or a back-reference copy with a 1-, 2-
/// or 4-byte offset (01, 10, 11). Copies may overlap their own output.
/// </summary>
internal static class Snappy
{
    /// <exception cref="InvalidDataException">The data is malformed or does not expand to <paramref name="expectedLength"/> bytes.</exception>
    public static byte[] Decompress(ReadOnlySpan<byte> input, int expectedLength)
    {
        var position = 0;
        var length = ReadLength(input, ref position);
        if (length != (ulong)expectedLength)
        {
            throw new InvalidDataException($"snappy data says it expands to {length} bytes, the page header says {expectedLength}.");
        }

        var output = new byte[expectedLength];
        var written = 0;
        while (position < input.Length)
        {
            var tag = input[position++];
            if ((tag & 3) == 0)
            {
                var literalLength = ReadLiteralLength(input, tag, ref position);
                if (literalLength > input.Length - position || literalLength > output.Length - written)
                {
                    throw new InvalidDataException($"snappy literal of {literalLength} bytes at input byte {position} overruns its input or output.");
                }

                input.Slice(position, (int)literalLength).CopyTo(output.AsSpan(written));
                position += (int)literalLength;
                written += (int)literalLength;
                continue;
            }

            var (copyLength, offset) = ReadCopy(input, tag, ref position);
            if (offset == 0 || offset > (uint)written || copyLength > output.Length - written)
            {
                throw new InvalidDataException(
                    $"snappy copy of {copyLength} bytes from offset {offset} at output byte {written} is out of range.");
            }

            for (var i = 0; i < copyLength; i++, written++)
            {
                output[written] = output[written - (int)offset];
            }
        }

        return written == expectedLength
            ? output
            : throw new InvalidDataException($"snappy data expanded to {written} bytes, expected {expectedLength}.");
    }

    private static long ReadLiteralLength(ReadOnlySpan<byte> input, byte tag, ref int position)
    {
        var code = tag >> 2;
        if (code < 60)
        {
            return code + 1;
        }

        var extra = code - 59; // 1 to 4 little-endian bytes hold length - 1
        var bytes = Take(input, ref position, extra);
        Span<byte> buffer = stackalloc byte[4];
        buffer.Clear();
        bytes.CopyTo(buffer);
        return BinaryPrimitives.ReadUInt32LittleEndian(buffer) + 1L;
    }

    private static (int Length, uint Offset) ReadCopy(ReadOnlySpan<byte> input, byte tag, ref int position) => (tag & 3) switch
    {
        1 => (((tag >> 2) & 7) + 4, (uint)((tag >> 5) << 8) | Take(input, ref position, 1)[0]),
        2 => ((tag >> 2) + 1, BinaryPrimitives.ReadUInt16LittleEndian(Take(input, ref position, 2))),
        _ => ((tag >> 2) + 1, BinaryPrimitives.ReadUInt32LittleEndian(Take(input, ref position, 4))),
    };

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> input, ref int position, int count)
    {
        if (count > input.Length - position)
        {
            throw new InvalidDataException($"snappy data ends early at byte {position}.");
        }

        var span = input.Slice(position, count);
        position += count;
        return span;
    }

    private static ulong ReadLength(ReadOnlySpan<byte> input, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(input, ref position, 1)[0];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("snappy length varint is longer than 5 bytes.");
    }
}
