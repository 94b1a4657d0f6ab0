using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Format;

/// <summary>
/// parquet.thrift <c>Statistics</c>. <see cref="MinValue"/>/<see cref="MaxValue"/> follow the column
/// order; <see cref="LegacyMin"/>/<see cref="LegacyMax"/> are the deprecated signed-order fields, read only.
/// </summary>
internal sealed record Statistics(long? NullCount, byte[]? MinValue, byte[]? MaxValue)
{
    public byte[]? LegacyMin { get; init; }

    public byte[]? LegacyMax { get; init; }

    public void Write(CompactWriter writer)
    {
        if (NullCount is { } nulls)
        {
            writer.WriteI64(3, nulls);
        }

        if (MaxValue is not null)
        {
            writer.WriteBinary(5, MaxValue);
        }

        if (MinValue is not null)
        {
            writer.WriteBinary(6, MinValue);
        }

        if (MaxValue is not null)
        {
            writer.WriteBool(7, true);
        }

        if (MinValue is not null)
        {
            writer.WriteBool(8, true);
        }
    }

    public static Statistics Read(CompactReader reader)
    {
        long? nullCount = null;
        byte[]? max = null, min = null, maxValue = null, minValue = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: max = reader.ReadBinary(field); break;
                case 2: min = reader.ReadBinary(field); break;
                case 3: nullCount = reader.ReadI64(field); break;
                case 5: maxValue = reader.ReadBinary(field); break;
                case 6: minValue = reader.ReadBinary(field); break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new Statistics(nullCount, minValue, maxValue) { LegacyMin = min, LegacyMax = max };
    }
}
