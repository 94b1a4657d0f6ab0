using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Encodings;

/// <summary>BOOLEAN: PLAIN packs one bit per value, least-significant bit first; false orders before true.</summary>
internal sealed class BooleanCodec : IValueCodec<bool>
{
    public static BooleanCodec Instance { get; } = new();

    public PhysicalType PhysicalType => PhysicalType.Boolean;

    public void EncodePlain(ReadOnlySpan<bool> values, Stream output)
    {
        var packed = new byte[(values.Length + 7) / 8];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i])
            {
                packed[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        output.Write(packed);
    }

    public bool[] DecodePlain(ReadOnlySpan<byte> data, int count, out int consumed)
    {
        consumed = (count + 7) / 8;
        if (consumed > data.Length)
        {
            throw new InvalidDataException($"PLAIN data for {count} booleans needs {consumed} bytes, found {data.Length}.");
        }

        var values = new bool[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ((data[i >> 3] >> (i & 7)) & 1) != 0;
        }

        return values;
    }

    public byte[] EncodeStatistic(bool value) => [value ? (byte)1 : (byte)0];

    public bool DecodeStatistic(byte[] bytes) => bytes.Length == 1
        ? bytes[0] != 0
        : throw new InvalidDataException($"a BOOLEAN statistic needs 1 byte, found {bytes.Length}.");

    public (bool Min, bool Max)? MinMax(ReadOnlySpan<bool> values) =>
        values.IsEmpty ? null : (!values.Contains(false), values.Contains(true));
}
