namespace CircuitBench.Parquet;

/// <summary>A named, typed column of a flat table; nullable columns are OPTIONAL, others REQUIRED.</summary>
/// <param name="Name">Column name, unique in its table.</param>
/// <param name="Type">Value type.</param>
/// <param name="IsNullable">Whether values may be null.</param>
public sealed record ParquetField(string Name, ParquetType Type, bool IsNullable)
{
    /// <summary>
    /// The .NET array type that holds this column's values: <c>int[]</c>, <c>long[]</c>, <c>float[]</c>,
    /// <c>double[]</c>, <c>bool[]</c> (or <c>int?[]</c>, ... when nullable), and <c>string?[]</c> for strings.
    /// </summary>
    public Type ArrayType => (Type, IsNullable) switch
    {
        (ParquetType.Int32, false) => typeof(int[]),
        (ParquetType.Int32, true) => typeof(int?[]),
        (ParquetType.Int64, false) => typeof(long[]),
        (ParquetType.Int64, true) => typeof(long?[]),
        (ParquetType.Float, false) => typeof(float[]),
        (ParquetType.Float, true) => typeof(float?[]),
        (ParquetType.Double, false) => typeof(double[]),
        (ParquetType.Double, true) => typeof(double?[]),
        (ParquetType.Boolean, false) => typeof(bool[]),
        (ParquetType.Boolean, true) => typeof(bool?[]),
        (ParquetType.String, _) => typeof(string[]),
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, "unknown Parquet type"),
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Type}{(IsNullable ? "?" : "")}";
}
