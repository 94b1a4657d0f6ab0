using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Format;

/// <summary>parquet.thrift <c>ColumnMetaData</c>, the fields this library writes or uses.</summary>
internal sealed record ColumnMetaData(
    PhysicalType Type,
    IReadOnlyList<ParquetEncoding> Encodings,
    IReadOnlyList<string> PathInSchema,
    ParquetCodec Codec,
    long NumValues,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    long DataPageOffset)
{
    public long? DictionaryPageOffset { get; init; }

    public Statistics? Statistics { get; init; }

    public void Write(CompactWriter writer)
    {
        writer.WriteI32(1, (int)Type);
        writer.BeginList(2, CompactType.I32, Encodings.Count);
        foreach (var encoding in Encodings)
        {
            writer.WriteI32Element((int)encoding);
        }

        writer.BeginList(3, CompactType.Binary, PathInSchema.Count);
        foreach (var part in PathInSchema)
        {
            writer.WriteStringElement(part);
        }

        writer.WriteI32(4, (int)Codec);
        writer.WriteI64(5, NumValues);
        writer.WriteI64(6, TotalUncompressedSize);
        writer.WriteI64(7, TotalCompressedSize);
        writer.WriteI64(9, DataPageOffset);
        if (DictionaryPageOffset is { } dictionaryOffset)
        {
            writer.WriteI64(11, dictionaryOffset);
        }

        if (Statistics is not null)
        {
            writer.BeginStruct(12);
            Statistics.Write(writer);
            writer.EndStruct();
        }
    }

    public static ColumnMetaData Read(CompactReader reader)
    {
        PhysicalType? type = null;
        List<ParquetEncoding>? encodings = null;
        List<string>? path = null;
        ParquetCodec? codec = null;
        long? numValues = null, uncompressed = null, compressed = null, dataPageOffset = null, dictionaryOffset = null;
        Statistics? statistics = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: type = (PhysicalType)reader.ReadI32(field); break;
                case 2:
                    var encodingCount = reader.BeginList(field, CompactType.I32);
                    encodings = [];
                    for (var i = 0; i < encodingCount; i++)
                    {
                        encodings.Add((ParquetEncoding)reader.ReadI32Element());
                    }

                    break;
                case 3:
                    var pathCount = reader.BeginList(field, CompactType.Binary);
                    path = [];
                    for (var i = 0; i < pathCount; i++)
                    {
                        path.Add(reader.ReadStringElement());
                    }

                    break;
                case 4: codec = (ParquetCodec)reader.ReadI32(field); break;
                case 5: numValues = reader.ReadI64(field); break;
                case 6: uncompressed = reader.ReadI64(field); break;
                case 7: compressed = reader.ReadI64(field); break;
                case 9: dataPageOffset = reader.ReadI64(field); break;
                case 11: dictionaryOffset = reader.ReadI64(field); break;
                case 12:
                    reader.BeginStruct(field);
                    statistics = Statistics.Read(reader);
                    break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new ColumnMetaData(
            reader.Required(type, "ColumnMetaData.type"),
            reader.Required(encodings, "ColumnMetaData.encodings"),
            reader.Required(path, "ColumnMetaData.path_in_schema"),
            reader.Required(codec, "ColumnMetaData.codec"),
            reader.Required(numValues, "ColumnMetaData.num_values"),
            reader.Required(uncompressed, "ColumnMetaData.total_uncompressed_size"),
            reader.Required(compressed, "ColumnMetaData.total_compressed_size"),
            reader.Required(dataPageOffset, "ColumnMetaData.data_page_offset"))
        {
            DictionaryPageOffset = dictionaryOffset,
            Statistics = statistics,
        };
    }
}
