using System.Buffers.Binary;
using CircuitBench.Parquet.Compression;
using CircuitBench.Parquet.Format;
using CircuitBench.Parquet.Thrift;
using CircuitBench.Parquet.Writer;

namespace CircuitBench.Parquet;

/// <summary>
/// Writes a <see cref="ParquetTable"/> as a Parquet file: "PAR1", row groups of column chunks
/// (v1 data pages, PLAIN values, RLE definition levels for nullable columns), the Thrift compact
/// footer with schema, statistics and key-value metadata, its length, and "PAR1". The same table
/// and options always give the same bytes.
/// </summary>
public static class ParquetWriter
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    /// <summary>The <c>created_by</c> string written in every footer.</summary>
    public static string CreatedBy { get; } = CreatedByString();

    /// <summary>
    /// Writes the file atomically: to a temporary file in the same folder, which then replaces
    /// <paramref name="path"/>. The folder is created if needed.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static void Write(string path, ParquetTable table, ParquetWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(table);
        options ??= new ParquetWriteOptions();
        Validate(options);

        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no parent folder.", nameof(path));
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(stream, table, options);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes the file to <paramref name="stream"/>, starting at its current position.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static void Write(Stream stream, ParquetTable table, ParquetWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(table);
        options ??= new ParquetWriteOptions();
        Validate(options);

        var sink = new ByteSink(stream);
        sink.Write(Magic);
        var rowGroups = new List<RowGroup>();
        for (var start = 0; start < table.RowCount; start += options.RowGroupSize)
        {
            var count = Math.Min(options.RowGroupSize, table.RowCount - start);
            var groupOffset = sink.Position;
            var chunks = table.Columns.Select(column => ColumnChunkWriter.Write(column, start, count, options, sink)).ToList();
            rowGroups.Add(new RowGroup(chunks, chunks.Sum(c => c.MetaData!.TotalUncompressedSize), count)
            {
                FileOffset = groupOffset,
                TotalCompressedSize = chunks.Sum(c => c.MetaData!.TotalCompressedSize),
            });
        }

        var footer = new FileMetaData(
            Version: 1,
            Schema: SchemaOf(table),
            NumRows: table.RowCount,
            RowGroups: rowGroups,
            KeyValueMetadata: [.. options.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValue(p.Key, p.Value))],
            CreatedBy: CreatedBy);
        using var footerBytes = new MemoryStream();
        var writer = new CompactWriter(footerBytes);
        writer.BeginStructElement();
        footer.Write(writer);
        writer.EndStruct();
        sink.Write(footerBytes.ToArray());
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, checked((int)footerBytes.Length));
        sink.Write(length);
        sink.Write(Magic);
    }

    private static List<SchemaElement> SchemaOf(ParquetTable table)
    {
        var schema = new List<SchemaElement> { new("schema") { NumChildren = table.Columns.Count } };
        foreach (var field in table.Fields)
        {
            var isString = field.Type == ParquetType.String;
            schema.Add(new SchemaElement(field.Name)
            {
                Type = PhysicalTypes.Of(field.Type),
                Repetition = field.IsNullable ? Repetition.Optional : Repetition.Required,
                ConvertedType = isString ? ConvertedType.Utf8 : null,
                LogicalType = isString ? LogicalType.String : null,
            });
        }

        return schema;
    }

    private static void Validate(ParquetWriteOptions options)
    {
        if (!PageCompression.CanWrite(options.Codec))
        {
            throw new ArgumentException(
                $"Cannot write codec {PageCompression.Name(options.Codec)}; use Uncompressed or Gzip.", nameof(options));
        }

        if (options.RowGroupSize <= 0 || options.PageRowCount <= 0)
        {
            throw new ArgumentException(
                $"RowGroupSize ({options.RowGroupSize}) and PageRowCount ({options.PageRowCount}) must be positive.", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.Metadata, nameof(options));
        foreach (var (key, value) in options.Metadata)
        {
            if (value is null)
            {
                throw new ArgumentException($"Metadata key '{key}' has a null value.", nameof(options));
            }
        }
    }

    private static string CreatedByString()
    {
        var version = typeof(ParquetWriter).Assembly.GetName().Version ?? new Version(0, 0, 0);
        return $"CircuitBench version {version.Major}.{version.Minor}.{version.Build}";
    }
}
