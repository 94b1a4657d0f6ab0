using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Encodings;

/// <summary>
/// FLOAT: little-endian IEEE 754. Statistics follow parquet.thrift's rules for floating point:
/// NaN is left out, a zero minimum is written as -0.0 and a zero maximum as +0.0.
/// </summary>
internal sealed class FloatCodec : FixedWidthCodec<float>
{
    public static FloatCodec Instance { get; } = new();

    public override PhysicalType PhysicalType => PhysicalType.Float;

    public override (float Min, float Max)? MinMax(ReadOnlySpan<float> values)
    {
        var found = false;
        float min = 0, max = 0;
        foreach (var value in values)
        {
            if (float.IsNaN(value))
            {
                continue;
            }

            min = found ? Math.Min(min, value) : value;
            max = found ? Math.Max(max, value) : value;
            found = true;
        }

        if (!found)
        {
            return null;
        }

        return (min == 0 ? -(float)0.0 : min, max == 0 ? (float)0.0 : max);
    }
}
