using System.Buffers.Binary;
using System.Text;
using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Encodings;

/// <summary>
/// UTF-8 strings in BYTE_ARRAY: PLAIN stores a 4-byte little-endian length before each value's
/// bytes; statistics hold the bare bytes; order is unsigned byte-wise (so by code point).
/// Invalid UTF-8 in data is an error.
/// </summary>
internal sealed class StringCodec : IValueCodec<string>
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static StringCodec Instance { get; } = new();

    public PhysicalType PhysicalType => PhysicalType.ByteArray;

    public void EncodePlain(ReadOnlySpan<string> values, Stream output)
    {
        Span<byte> length = stackalloc byte[4];
        foreach (var value in values)
        {
            var bytes = Strict.GetBytes(value);
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            output.Write(length);
            output.Write(bytes);
        }
    }

    public string[] DecodePlain(ReadOnlySpan<byte> data, int count, out int consumed)
    {
        var values = new string[count];
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            if (data.Length - position < 4)
            {
                throw new InvalidDataException($"PLAIN string {i} of {count}: the data ends inside its length prefix.");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
            position += 4;
            if (length < 0 || length > data.Length - position)
            {
                throw new InvalidDataException(
                    $"PLAIN string {i} of {count}: length {length} exceeds the {data.Length - position} bytes left.");
            }

            values[i] = Decode(data.Slice(position, length), i);
            position += length;
        }

        consumed = position;
        return values;
    }

    public byte[] EncodeStatistic(string value) => Strict.GetBytes(value);

    // Writers may truncate string bounds mid-character, so statistics decode leniently.
    public string DecodeStatistic(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public (string Min, string Max)? MinMax(ReadOnlySpan<string> values)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        byte[] min = Strict.GetBytes(values[0]), max = min;
        string minValue = values[0], maxValue = values[0];
        foreach (var value in values)
        {
            var bytes = Strict.GetBytes(value);
            if (bytes.AsSpan().SequenceCompareTo(min) < 0)
            {
                (min, minValue) = (bytes, value);
            }

            if (bytes.AsSpan().SequenceCompareTo(max) > 0)
            {
                (max, maxValue) = (bytes, value);
            }
        }

        return (minValue, maxValue);
    }

    private static string Decode(ReadOnlySpan<byte> bytes, int index)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"string {index} is not valid UTF-8: {e.Message}", e);
        }
    }
}
