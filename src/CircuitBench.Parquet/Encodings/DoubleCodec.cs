using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Encodings;

/// <summary>
/// DOUBLE: little-endian IEEE 754. Statistics follow parquet.thrift's rules for floating point:
/// NaN is left out, a zero minimum is written as -0.0 and a zero maximum as +0.0.
/// </summary>
internal sealed class DoubleCodec : FixedWidthCodec<double>
{
    public static DoubleCodec Instance { get; } = new();

    public override PhysicalType PhysicalType => PhysicalType.Double;

    public override (double Min, double Max)? MinMax(ReadOnlySpan<double> values)
    {
        var found = false;
        double min = 0, max = 0;
        foreach (var value in values)
        {
            if (double.IsNaN(value))
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

        return (min == 0 ? -(double)0.0 : min, max == 0 ? (double)0.0 : max);
    }
}
