namespace CircuitBench.Parquet.Writer;

/// <summary>
/// The rows of one column chunk, split for writing: the non-null values in row order, and for
/// nullable columns a definition level per row (1 = value present, 0 = null).
/// </summary>
internal sealed record ColumnSlice<T>(T[] Values, int[]? DefinitionLevels)
{
    public int RowCount => DefinitionLevels?.Length ?? Values.Length;

    public int NullCount => RowCount - Values.Length;
}

/// <summary>Cuts the rows [start, start + count) out of a column's array.</summary>
internal static class ColumnSlicer
{
    public static ColumnSlice<T> Required<T>(T[] column, int start, int count) =>
        new(column.AsSpan(start, count).ToArray(), null);

    public static ColumnSlice<T> Optional<T>(T?[] column, int start, int count)
        where T : struct
    {
        var levels = new int[count];
        var values = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            if (column[start + i] is { } value)
            {
                levels[i] = 1;
                values.Add(value);
            }
        }

        return new ColumnSlice<T>([.. values], levels);
    }

    public static ColumnSlice<string> OptionalStrings(string?[] column, int start, int count)
    {
        var levels = new int[count];
        var values = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            if (column[start + i] is { } value)
            {
                levels[i] = 1;
                values.Add(value);
            }
        }

        return new ColumnSlice<string>([.. values], levels);
    }

    /// <exception cref="InvalidOperationException">A value is null (the array was changed after the column was made).</exception>
    public static ColumnSlice<string> RequiredStrings(string?[] column, int start, int count, string name)
    {
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = column[start + i]
                ?? throw new InvalidOperationException($"Column '{name}' is not nullable, but row {start + i} is null.");
        }

        return new ColumnSlice<string>(values, null);
    }
}
