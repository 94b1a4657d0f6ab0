using System.Buffers.Binary;
using CircuitBench.Parquet.Compression;
using CircuitBench.Parquet.Encodings;
using CircuitBench.Parquet.Format;
using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Writer;

/// <summary>
/// Writes one column chunk: v1 data pages of at most <see cref="ParquetWriteOptions.PageRowCount"/>
/// rows, each holding (for nullable columns) its definition levels as a 4-byte length plus the
/// RLE/bit-packed hybrid at bit width 1, then the PLAIN non-null values; then returns its metadata
/// with chunk statistics.
/// </summary>
internal static class ColumnChunkWriter
{
    public static ColumnChunk Write(ParquetColumn column, int start, int count, ParquetWriteOptions options, ByteSink sink) =>
        column.Values switch
        {
            int[] v => Write(Int32Codec.Instance, ColumnSlicer.Required(v, start, count), column.Name, options, sink),
            int?[] v => Write(Int32Codec.Instance, ColumnSlicer.Optional(v, start, count), column.Name, options, sink),
            long[] v => Write(Int64Codec.Instance, ColumnSlicer.Required(v, start, count), column.Name, options, sink),
            long?[] v => Write(Int64Codec.Instance, ColumnSlicer.Optional(v, start, count), column.Name, options, sink),
            float[] v => Write(FloatCodec.Instance, ColumnSlicer.Required(v, start, count), column.Name, options, sink),
            float?[] v => Write(FloatCodec.Instance, ColumnSlicer.Optional(v, start, count), column.Name, options, sink),
            double[] v => Write(DoubleCodec.Instance, ColumnSlicer.Required(v, start, count), column.Name, options, sink),
            double?[] v => Write(DoubleCodec.Instance, ColumnSlicer.Optional(v, start, count), column.Name, options, sink),
            bool[] v => Write(BooleanCodec.Instance, ColumnSlicer.Required(v, start, count), column.Name, options, sink),
            bool?[] v => Write(BooleanCodec.Instance, ColumnSlicer.Optional(v, start, count), column.Name, options, sink),
            string?[] v when column.Field.IsNullable =>
                Write(StringCodec.Instance, ColumnSlicer.OptionalStrings(v, start, count), column.Name, options, sink),
            string?[] v => Write(StringCodec.Instance, ColumnSlicer.RequiredStrings(v, start, count, column.Name), column.Name, options, sink),
            _ => throw new InvalidOperationException($"Column '{column.Name}' holds unsupported values of type {column.Values.GetType().Name}."),
        };

    private static ColumnChunk Write<T>(IValueCodec<T> codec, ColumnSlice<T> slice, string name, ParquetWriteOptions options, ByteSink sink)
    {
        var firstPageOffset = sink.Position;
        long uncompressedTotal = 0, compressedTotal = 0;
        var valueIndex = 0;
        for (var row = 0; row < slice.RowCount; row += options.PageRowCount)
        {
            var rows = Math.Min(options.PageRowCount, slice.RowCount - row);
            using var body = new MemoryStream();
            var valueCount = rows;
            if (slice.DefinitionLevels is { } levels)
            {
                var pageLevels = levels.AsSpan(row, rows);
                valueCount = pageLevels.Count(1);
                var encoded = RleHybrid.Encode(pageLevels, bitWidth: 1);
                var length = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(length, encoded.Length);
                body.Write(length);
                body.Write(encoded);
            }

            codec.EncodePlain(slice.Values.AsSpan(valueIndex, valueCount), body);
            valueIndex += valueCount;

            var uncompressed = body.ToArray();
            var compressed = PageCompression.Compress(options.Codec, uncompressed);
            var header = new PageHeader(PageType.DataPage, uncompressed.Length, compressed.Length)
            {
                DataPage = new DataPageHeader(rows, ParquetEncoding.Plain, ParquetEncoding.Rle, ParquetEncoding.Rle),
            };
            var headerBytes = Serialize(header);
            sink.Write(headerBytes);
            sink.Write(compressed);
            uncompressedTotal += headerBytes.Length + uncompressed.Length;
            compressedTotal += headerBytes.Length + compressed.Length;
        }

        var bounds = codec.MinMax(slice.Values);
        var statistics = new Statistics(
            slice.NullCount,
            bounds is { } b ? codec.EncodeStatistic(b.Min) : null,
            bounds is { } c ? codec.EncodeStatistic(c.Max) : null);
        ParquetEncoding[] encodings = slice.DefinitionLevels is null
            ? [ParquetEncoding.Plain]
            : [ParquetEncoding.Plain, ParquetEncoding.Rle];
        var metaData = new ColumnMetaData(
            codec.PhysicalType, encodings, [name], options.Codec, slice.RowCount, uncompressedTotal, compressedTotal, firstPageOffset)
        {
            Statistics = statistics,
        };
        return new ColumnChunk(firstPageOffset, metaData);
    }

    private static byte[] Serialize(PageHeader header)
    {
        using var stream = new MemoryStream();
        var writer = new CompactWriter(stream);
        writer.BeginStructElement();
        header.Write(writer);
        writer.EndStruct();
        return stream.ToArray();
    }
}
