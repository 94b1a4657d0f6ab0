namespace CircuitBench.Parquet;

/// <summary>
/// One column of a <see cref="ParquetTable"/>: a field and the array of its values, whose type is
/// <see cref="ParquetField.ArrayType"/>. The array is not copied.
/// </summary>
public sealed class ParquetColumn
{
    /// <summary>Creates a column, checking that the array type matches the field and that a non-nullable string column holds no null.</summary>
    /// <exception cref="ArgumentException">The name is empty, the array type is wrong, or a required value is null.</exception>
    public ParquetColumn(ParquetField field, Array values)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(values);
        if (string.IsNullOrEmpty(field.Name))
        {
            throw new ArgumentException("A Parquet column needs a non-empty name.", nameof(field));
        }

        if (values.GetType() != field.ArrayType)
        {
            throw new ArgumentException(
                $"Column '{field.Name}' ({field}) needs values of type {CSharpName(field.ArrayType)}, not {CSharpName(values.GetType())}.",
                nameof(values));
        }

        if (values is string?[] strings && !field.IsNullable && Array.IndexOf(strings, null) is var row and >= 0)
        {
            throw new ArgumentException(
                $"Column '{field.Name}' is not nullable, but row {row} is null; create it with {nameof(CreateNullable)}.",
                nameof(values));
        }

        Field = field;
        Values = values;
    }

    /// <summary>Name, type and nullability.</summary>
    public ParquetField Field { get; }

    /// <summary>The values, an array of <see cref="ParquetField.ArrayType"/>.</summary>
    public Array Values { get; }

    /// <summary>The column's name.</summary>
    public string Name => Field.Name;

    /// <summary>Number of rows.</summary>
    public int Length => Values.Length;

    /// <summary>The values as <typeparamref name="T"/>[], e.g. <c>Get&lt;int?&gt;()</c> for a nullable INT32 column.</summary>
    /// <exception cref="InvalidOperationException">The column holds another array type.</exception>
    public T[] Get<T>() => Values as T[] is { } typed && Values.GetType() == typeof(T[])
        ? typed
        : throw new InvalidOperationException(
            $"Column '{Name}' ({Field}) holds {CSharpName(Field.ArrayType)}, not {CSharpName(typeof(T[]))}.");

    /// <summary>A required INT32 column.</summary>
    public static ParquetColumn Create(string name, int[] values) => new(new(name, ParquetType.Int32, false), values);

    /// <summary>A nullable INT32 column.</summary>
    public static ParquetColumn Create(string name, int?[] values) => new(new(name, ParquetType.Int32, true), values);

    /// <summary>A required INT64 column.</summary>
    public static ParquetColumn Create(string name, long[] values) => new(new(name, ParquetType.Int64, false), values);

    /// <summary>A nullable INT64 column.</summary>
    public static ParquetColumn Create(string name, long?[] values) => new(new(name, ParquetType.Int64, true), values);

    /// <summary>A required FLOAT column.</summary>
    public static ParquetColumn Create(string name, float[] values) => new(new(name, ParquetType.Float, false), values);

    /// <summary>A nullable FLOAT column.</summary>
    public static ParquetColumn Create(string name, float?[] values) => new(new(name, ParquetType.Float, true), values);

    /// <summary>A required DOUBLE column.</summary>
    public static ParquetColumn Create(string name, double[] values) => new(new(name, ParquetType.Double, false), values);

    /// <summary>A nullable DOUBLE column.</summary>
    public static ParquetColumn Create(string name, double?[] values) => new(new(name, ParquetType.Double, true), values);

    /// <summary>A required BOOLEAN column.</summary>
    public static ParquetColumn Create(string name, bool[] values) => new(new(name, ParquetType.Boolean, false), values);

    /// <summary>A nullable BOOLEAN column.</summary>
    public static ParquetColumn Create(string name, bool?[] values) => new(new(name, ParquetType.Boolean, true), values);

    /// <summary>A required string column; no value may be null.</summary>
    public static ParquetColumn Create(string name, string[] values) => new(new(name, ParquetType.String, false), values);

    /// <summary>A nullable string column.</summary>
    public static ParquetColumn CreateNullable(string name, string?[] values) => new(new(name, ParquetType.String, true), values);

    private static string CSharpName(Type type)
    {
        if (type.IsArray)
        {
            return CSharpName(type.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return CSharpName(underlying) + "?";
        }

        return type == typeof(int) ? "int"
            : type == typeof(long) ? "long"
            : type == typeof(float) ? "float"
            : type == typeof(double) ? "double"
            : type == typeof(bool) ? "bool"
            : type == typeof(string) ? "string"
            : type.Name;
    }
}
