using System.Buffers.Binary;
using CircuitBench.Parquet.Compression;
using CircuitBench.Parquet.Encodings;
using CircuitBench.Parquet.Format;
using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Reader;

/// <summary>
/// Walks the pages of one column chunk — an optional dictionary page, then v1 or v2 data pages —
/// decompressing each and handing levels and values to an <see cref="IColumnAccumulator"/>.
/// Every failure becomes a <see cref="ParquetFormatException"/> naming the column, row group and byte.
/// </summary>
internal sealed class ColumnChunkReader(ReadContext context, byte[] file, int dataEnd)
{
    /// <summary>Reads the chunk and returns its details.</summary>
    public ParquetColumnChunk Read(ColumnChunk chunk, ParquetField field, int rowGroup, long rowGroupRows, IColumnAccumulator accumulator)
    {
        var where = $"column '{field.Name}' in row group {rowGroup}";
        var meta = chunk.MetaData ?? throw context.Fail($"{where} has no column metadata");
        if (chunk.FilePath is not null)
        {
            throw context.Fail($"{where} is stored in another file ('{chunk.FilePath}'), which is not supported");
        }

        if (!meta.PathInSchema.SequenceEqual([field.Name]))
        {
            throw context.Fail($"{where} has path '{string.Join('.', meta.PathInSchema)}' in its metadata");
        }

        var expectedType = PhysicalTypes.Of(field.Type);
        if (meta.Type != expectedType)
        {
            throw context.Fail($"{where} stores {FormatNames.Of(meta.Type)} values, the schema says {FormatNames.Of(expectedType)}");
        }

        if (!PageCompression.CanRead(meta.Codec))
        {
            throw context.Fail($"{where} uses compression codec {PageCompression.Name(meta.Codec)}, which is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP)");
        }

        if (meta.NumValues != rowGroupRows)
        {
            throw context.Fail($"{where} has {meta.NumValues} values, the row group has {rowGroupRows} rows (a flat column has one value per row)");
        }

        var start = meta.DictionaryPageOffset is { } dictionary and > 0 && dictionary < meta.DataPageOffset
            ? dictionary
            : meta.DataPageOffset;
        var end = start + meta.TotalCompressedSize;
        if (start < 4 || meta.TotalCompressedSize < 0 || end > dataEnd)
        {
            throw context.Fail($"{where} spans bytes [{start}, {end}), outside the column data [4, {dataEnd})", start);
        }

        ReadPages(where, meta, (int)start, (int)end, field.IsNullable, accumulator);
        accumulator.EndChunk();
        return new ParquetColumnChunk(
            field.Name,
            meta.Codec,
            [.. meta.Encodings.Select(FormatNames.Of)],
            meta.NumValues,
            meta.TotalCompressedSize,
            meta.TotalUncompressedSize,
            meta.Statistics is null ? null : DecodeStatistics(where, meta.Statistics, accumulator));
    }

    private void ReadPages(string where, ColumnMetaData meta, int start, int end, bool nullable, IColumnAccumulator accumulator)
    {
        long values = 0;
        var position = start;
        while (values < meta.NumValues)
        {
            if (position >= end)
            {
                throw context.Fail($"{where}: the pages end after {values} of {meta.NumValues} values", position);
            }

            var (header, bodyStart) = ReadHeader(where, position, end);
            if (header.CompressedPageSize < 0 || header.CompressedPageSize > end - bodyStart || header.UncompressedPageSize < 0)
            {
                throw context.Fail(
                    $"{where}: page claims {header.CompressedPageSize} bytes ({header.UncompressedPageSize} uncompressed), only {end - bodyStart} are left in the chunk",
                    position);
            }

            var body = file.AsSpan(bodyStart, header.CompressedPageSize);
            try
            {
                values += ReadPage(header, body, meta.Codec, nullable, accumulator);
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException)
            {
                throw context.Fail($"{where}, page at byte {position}: {e.Message}", position, e);
            }

            position = bodyStart + header.CompressedPageSize;
        }

        if (values != meta.NumValues)
        {
            throw context.Fail($"{where}: the pages hold {values} values, the metadata says {meta.NumValues}", position);
        }
    }

    private (PageHeader Header, int BodyStart) ReadHeader(string where, int position, int end)
    {
        var reader = new CompactReader(file.AsMemory(position, end - position));
        try
        {
            reader.BeginStruct();
            return (PageHeader.Read(reader), position + reader.Position);
        }
        catch (ThriftFormatException e)
        {
            throw context.Fail($"{where}: malformed page header: {e.Message}", position + e.Offset, e);
        }
    }

    // Returns the number of values (rows, nulls included) the page adds.
    private static int ReadPage(PageHeader header, ReadOnlySpan<byte> body, ParquetCodec codec, bool nullable, IColumnAccumulator accumulator)
    {
        switch (header.Type)
        {
            case PageType.DictionaryPage:
                var dictionary = header.DictionaryPage ?? throw new InvalidDataException("dictionary page without a dictionary_page_header.");
                if (dictionary.Encoding is not (ParquetEncoding.Plain or ParquetEncoding.PlainDictionary))
                {
                    throw new NotSupportedException($"dictionary page encoding {FormatNames.Of(dictionary.Encoding)} is not supported (supported: PLAIN).");
                }

                accumulator.SetDictionary(PageCompression.Decompress(codec, body, header.UncompressedPageSize), dictionary.NumValues);
                return 0;
            case PageType.DataPage:
                return ReadDataPageV1(header, body, codec, nullable, accumulator);
            case PageType.DataPageV2:
                return ReadDataPageV2(header, body, codec, nullable, accumulator);
            case PageType.IndexPage:
                return 0;
            default:
                throw new NotSupportedException($"page type #{(int)header.Type} is not supported.");
        }
    }

    private static int ReadDataPageV1(PageHeader header, ReadOnlySpan<byte> body, ParquetCodec codec, bool nullable, IColumnAccumulator accumulator)
    {
        var page = header.DataPage ?? throw new InvalidDataException("v1 data page without a data_page_header.");
        var data = PageCompression.Decompress(codec, body, header.UncompressedPageSize).AsSpan();
        var levels = Array.Empty<int>();
        var present = page.NumValues;
        if (nullable)
        {
            if (page.DefinitionLevelEncoding != ParquetEncoding.Rle)
            {
                throw new NotSupportedException(
                    $"definition levels encoded as {FormatNames.Of(page.DefinitionLevelEncoding)} are not supported (supported: RLE).");
            }

            if (data.Length < 4)
            {
                throw new InvalidDataException("the page ends before the length of its definition levels.");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(data);
            if (length < 0 || length > data.Length - 4)
            {
                throw new InvalidDataException($"definition levels of {length} bytes overrun the {data.Length - 4} bytes of the page.");
            }

            levels = DefinitionLevels(data.Slice(4, length), page.NumValues);
            present = levels.AsSpan().Count(1);
            data = data[(4 + length)..];
        }

        accumulator.AddPage(page.Encoding, data, present, levels);
        return page.NumValues;
    }

    private static int ReadDataPageV2(PageHeader header, ReadOnlySpan<byte> body, ParquetCodec codec, bool nullable, IColumnAccumulator accumulator)
    {
        var page = header.DataPageV2 ?? throw new InvalidDataException("v2 data page without a data_page_header_v2.");
        if (page.RepetitionLevelsByteLength != 0)
        {
            throw new InvalidDataException($"the page has {page.RepetitionLevelsByteLength} bytes of repetition levels, but the column is flat.");
        }

        var levelBytes = page.DefinitionLevelsByteLength;
        if (levelBytes < 0 || levelBytes > body.Length || (!nullable && levelBytes != 0))
        {
            throw new InvalidDataException($"definition levels of {levelBytes} bytes do not fit a {(nullable ? "nullable" : "required")} column's page of {body.Length} bytes.");
        }

        var levels = nullable ? DefinitionLevels(body[..levelBytes], page.NumValues) : [];
        var present = nullable ? levels.AsSpan().Count(1) : page.NumValues;
        if (present != page.NumValues - page.NumNulls)
        {
            throw new InvalidDataException($"the definition levels mark {page.NumValues - present} nulls, the header says {page.NumNulls}.");
        }

        var values = body[levelBytes..];
        var data = page.IsCompressed
            ? PageCompression.Decompress(codec, values, header.UncompressedPageSize - levelBytes)
            : values.ToArray();
        accumulator.AddPage(page.Encoding, data, present, levels);
        return page.NumValues;
    }

    private static int[] DefinitionLevels(ReadOnlySpan<byte> data, int count)
    {
        var levels = new int[count];
        RleHybrid.Decode(data, bitWidth: 1, levels);
        return levels;
    }

    private ParquetStatistics DecodeStatistics(string where, Statistics statistics, IColumnAccumulator accumulator)
    {
        try
        {
            return accumulator.DecodeStatistics(statistics);
        }
        catch (InvalidDataException e)
        {
            throw context.Fail($"{where}: invalid statistics: {e.Message}", inner: e);
        }
    }
}
