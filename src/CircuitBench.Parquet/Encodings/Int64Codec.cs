using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Encodings;

/// <summary>INT64: little-endian two's complement, signed order.</summary>
internal sealed class Int64Codec : FixedWidthCodec<long>
{
    public static Int64Codec Instance { get; } = new();

    public override PhysicalType PhysicalType => PhysicalType.Int64;

    public override (long Min, long Max)? MinMax(ReadOnlySpan<long> values)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        long min = values[0], max = values[0];
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return (min, max);
    }
}
