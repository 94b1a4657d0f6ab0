namespace CircuitBench.Parquet;

/// <summary>
/// A flat table: named, typed columns of equal length. Built from column arrays, e.g.
/// <c>new ParquetTable(ParquetColumn.Create("layer", layers), ParquetColumn.CreateNullable("note", notes))</c>.
/// </summary>
public sealed class ParquetTable
{
    private readonly Dictionary<string, ParquetColumn> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates a table from its columns, in order.</summary>
    /// <exception cref="ArgumentException">There is no column, two names collide (ignoring case), or lengths differ.</exception>
    public ParquetTable(params IEnumerable<ParquetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        if (Columns.Count == 0)
        {
            throw new ArgumentException("A Parquet table needs at least one column.", nameof(columns));
        }

        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in Columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            if (!seen.TryAdd(column.Name, column.Name))
            {
                throw new ArgumentException(
                    $"Column names must be unique ignoring case (as DuckDB sees them): '{column.Name}' collides with '{seen[column.Name]}'.",
                    nameof(columns));
            }

            if (column.Length != Columns[0].Length)
            {
                throw new ArgumentException(
                    $"Columns must have equal lengths: '{column.Name}' has {column.Length} rows, '{Columns[0].Name}' has {Columns[0].Length}.",
                    nameof(columns));
            }

            _byName.Add(column.Name, column);
        }

        Fields = [.. Columns.Select(c => c.Field)];
    }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<ParquetColumn> Columns { get; }

    /// <summary>The schema: each column's name, type and nullability.</summary>
    public IReadOnlyList<ParquetField> Fields { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => Columns[0].Length;

    /// <summary>The column with this exact name.</summary>
    /// <exception cref="KeyNotFoundException">No column has that name.</exception>
    public ParquetColumn this[string name] => _byName.TryGetValue(name, out var column)
        ? column
        : throw new KeyNotFoundException(
            $"No column '{name}'; the table has {string.Join(", ", Columns.Select(c => $"'{c.Name}'"))}.");

    /// <summary>The values of the named column as <typeparamref name="T"/>[] (see <see cref="ParquetColumn.Get{T}"/>).</summary>
    public T[] Get<T>(string name) => this[name].Get<T>();
}
