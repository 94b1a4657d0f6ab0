using CircuitBench.Parquet.Format;
using CircuitBench.Parquet.Reader;

namespace CircuitBench.Parquet;

/// <summary>
/// Reads flat Parquet files: the types of <see cref="ParquetType"/>, REQUIRED or OPTIONAL; PLAIN,
/// dictionary (PLAIN_DICTIONARY / RLE_DICTIONARY) and BYTE_STREAM_SPLIT encodings; v1 and v2 data
/// pages; UNCOMPRESSED, SNAPPY and GZIP. Anything else, and any malformed file, raises a
/// <see cref="ParquetFormatException"/> naming the file, the problem and where it is.
/// </summary>
public static class ParquetReader
{
    /// <summary>Reads a whole file into memory and decodes it.</summary>
    /// <exception cref="ParquetFormatException">The file is not a valid, supported Parquet file.</exception>
    public static ParquetFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes a Parquet file held in memory; <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="ParquetFormatException">The bytes are not a valid, supported Parquet file.</exception>
    public static ParquetFile Read(byte[] file, string name)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(name);
        var context = new ReadContext(name);
        var (footer, footerStart) = FooterReader.Read(context, file);
        var fields = SchemaMapper.Map(context, footer.Schema);
        var rowCount = RowCount(context, footer);
        var accumulators = fields.Select(f => ColumnAccumulator.Create(f, rowCount)).ToList();
        var chunks = new ColumnChunkReader(context, file, footerStart);
        var rowGroups = new List<ParquetRowGroup>();
        for (var g = 0; g < footer.RowGroups.Count; g++)
        {
            var group = footer.RowGroups[g];
            if (group.Columns.Count != fields.Count)
            {
                throw context.Fail($"row group {g} has {group.Columns.Count} column chunks, the schema has {fields.Count} columns");
            }

            var details = fields.Select((field, c) => chunks.Read(group.Columns[c], field, g, group.NumRows, accumulators[c])).ToList();
            rowGroups.Add(new ParquetRowGroup(group.NumRows, details));
        }

        return new ParquetFile(name, BuildTable(context, accumulators), Metadata(context, footer), footer.CreatedBy, rowGroups);
    }

    private static int RowCount(ReadContext context, FileMetaData footer)
    {
        var sum = footer.RowGroups.Sum(g => g.NumRows);
        if (footer.RowGroups.Any(g => g.NumRows < 0) || sum != footer.NumRows)
        {
            throw context.Fail($"the file declares {footer.NumRows} rows, its row groups hold {string.Join(" + ", footer.RowGroups.Select(g => g.NumRows))}");
        }

        return sum <= Array.MaxLength
            ? (int)sum
            : throw context.Fail($"the file has {sum} rows, more than a .NET array holds ({Array.MaxLength})");
    }

    private static ParquetTable BuildTable(ReadContext context, List<IColumnAccumulator> accumulators)
    {
        try
        {
            return new ParquetTable(accumulators.Select(a => a.Build()));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw context.Fail(e.Message, inner: e);
        }
    }

    private static Dictionary<string, string?> Metadata(ReadContext context, FileMetaData footer)
    {
        var metadata = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in footer.KeyValueMetadata)
        {
            if (!metadata.TryAdd(pair.Key, pair.Value))
            {
                throw context.Fail($"key-value metadata has the key '{pair.Key}' twice");
            }
        }

        return metadata;
    }
}
