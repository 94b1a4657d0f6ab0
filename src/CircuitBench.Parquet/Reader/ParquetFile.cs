namespace CircuitBench.Parquet;

/// <summary>A Parquet file read by <see cref="ParquetReader"/>.</summary>
/// <param name="Path">The file (or the name given to an in-memory buffer).</param>
/// <param name="Table">The columns as typed arrays, in schema order.</param>
/// <param name="Metadata">File key-value metadata; a value is null when the file stores a key without one.</param>
/// <param name="CreatedBy">The writer's <c>created_by</c> string, if any.</param>
/// <param name="RowGroups">Row groups in file order, with per-column-chunk details and statistics.</param>
public sealed record ParquetFile(
    string Path,
    ParquetTable Table,
    IReadOnlyDictionary<string, string?> Metadata,
    string? CreatedBy,
    IReadOnlyList<ParquetRowGroup> RowGroups)
{
    /// <summary>Number of rows in the file.</summary>
    public int RowCount => Table.RowCount;
}

/// <summary>One row group of a file.</summary>
/// <param name="RowCount">Rows in the group.</param>
/// <param name="Columns">Its column chunks, in schema order.</param>
public sealed record ParquetRowGroup(long RowCount, IReadOnlyList<ParquetColumnChunk> Columns);

/// <summary>One column's chunk in a row group.</summary>
/// <param name="Column">Column name.</param>
/// <param name="Codec">Page compression.</param>
/// <param name="Encodings">Encodings the chunk declares, spelled as in parquet.thrift (e.g. "PLAIN", "RLE_DICTIONARY").</param>
/// <param name="ValueCount">Values including nulls.</param>
/// <param name="CompressedSize">Bytes of the pages as stored, headers included.</param>
/// <param name="UncompressedSize">Bytes of the pages uncompressed, headers included.</param>
/// <param name="Statistics">Chunk statistics, when the writer stored them.</param>
public sealed record ParquetColumnChunk(
    string Column,
    ParquetCodec Codec,
    IReadOnlyList<string> Encodings,
    long ValueCount,
    long CompressedSize,
    long UncompressedSize,
    ParquetStatistics? Statistics);

/// <summary>
/// Column chunk statistics. <see cref="Min"/> and <see cref="Max"/> are boxed values of the
/// column's .NET type (int, long, float, double, bool, string), or null when absent.
/// </summary>
/// <param name="NullCount">Number of nulls, when stored.</param>
/// <param name="Min">Lower bound of the non-null values.</param>
/// <param name="Max">Upper bound of the non-null values.</param>
public sealed record ParquetStatistics(long? NullCount, object? Min, object? Max);
