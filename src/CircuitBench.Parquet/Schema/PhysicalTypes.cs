using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet;

/// <summary>The physical type each <see cref="ParquetType"/> is stored as.</summary>
internal static class PhysicalTypes
{
    public static PhysicalType Of(ParquetType type) => type switch
    {
        ParquetType.Int32 => PhysicalType.Int32,
        ParquetType.Int64 => PhysicalType.Int64,
        ParquetType.Float => PhysicalType.Float,
        ParquetType.Double => PhysicalType.Double,
        ParquetType.Boolean => PhysicalType.Boolean,
        ParquetType.String => PhysicalType.ByteArray,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown Parquet type"),
    };
}
