using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Encodings;

/// <summary>INT32: little-endian two's complement, signed order.</summary>
internal sealed class Int32Codec : FixedWidthCodec<int>
{
    public static Int32Codec Instance { get; } = new();

    public override PhysicalType PhysicalType => PhysicalType.Int32;

    public override (int Min, int Max)? MinMax(ReadOnlySpan<int> values)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        int min = values[0], max = values[0];
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return (min, max);
    }
}
