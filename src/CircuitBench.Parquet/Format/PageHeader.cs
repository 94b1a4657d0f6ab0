using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Format;

/// <summary>parquet.thrift <c>PageHeader</c>; exactly one of the type-specific headers is set.</summary>
internal sealed record PageHeader(PageType Type, int UncompressedPageSize, int CompressedPageSize)
{
    public DataPageHeader? DataPage { get; init; }

    public DictionaryPageHeader? DictionaryPage { get; init; }

    public DataPageHeaderV2? DataPageV2 { get; init; }

    public void Write(CompactWriter writer)
    {
        writer.WriteI32(1, (int)Type);
        writer.WriteI32(2, UncompressedPageSize);
        writer.WriteI32(3, CompressedPageSize);
        if (DataPage is not null)
        {
            writer.BeginStruct(5);
            DataPage.Write(writer);
            writer.EndStruct();
        }
    }

    public static PageHeader Read(CompactReader reader)
    {
        PageType? type = null;
        int? uncompressed = null, compressed = null;
        DataPageHeader? dataPage = null;
        DictionaryPageHeader? dictionaryPage = null;
        DataPageHeaderV2? dataPageV2 = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: type = (PageType)reader.ReadI32(field); break;
                case 2: uncompressed = reader.ReadI32(field); break;
                case 3: compressed = reader.ReadI32(field); break;
                case 5:
                    reader.BeginStruct(field);
                    dataPage = DataPageHeader.Read(reader);
                    break;
                case 7:
                    reader.BeginStruct(field);
                    dictionaryPage = DictionaryPageHeader.Read(reader);
                    break;
                case 8:
                    reader.BeginStruct(field);
                    dataPageV2 = DataPageHeaderV2.Read(reader);
                    break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new PageHeader(
            reader.Required(type, "PageHeader.type"),
            reader.Required(uncompressed, "PageHeader.uncompressed_page_size"),
            reader.Required(compressed, "PageHeader.compressed_page_size"))
        {
            DataPage = dataPage,
            DictionaryPage = dictionaryPage,
            DataPageV2 = dataPageV2,
        };
    }
}

/// <summary>parquet.thrift <c>DataPageHeader</c> (v1 data page).</summary>
internal sealed record DataPageHeader(int NumValues, ParquetEncoding Encoding, ParquetEncoding DefinitionLevelEncoding, ParquetEncoding RepetitionLevelEncoding)
{
    public void Write(CompactWriter writer)
    {
        writer.WriteI32(1, NumValues);
        writer.WriteI32(2, (int)Encoding);
        writer.WriteI32(3, (int)DefinitionLevelEncoding);
        writer.WriteI32(4, (int)RepetitionLevelEncoding);
    }

    public static DataPageHeader Read(CompactReader reader)
    {
        int? numValues = null;
        ParquetEncoding? encoding = null, definition = null, repetition = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: numValues = reader.ReadI32(field); break;
                case 2: encoding = (ParquetEncoding)reader.ReadI32(field); break;
                case 3: definition = (ParquetEncoding)reader.ReadI32(field); break;
                case 4: repetition = (ParquetEncoding)reader.ReadI32(field); break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new DataPageHeader(
            reader.Required(numValues, "DataPageHeader.num_values"),
            reader.Required(encoding, "DataPageHeader.encoding"),
            reader.Required(definition, "DataPageHeader.definition_level_encoding"),
            reader.Required(repetition, "DataPageHeader.repetition_level_encoding"));
    }
}

/// <summary>parquet.thrift <c>DictionaryPageHeader</c>.</summary>
internal sealed record DictionaryPageHeader(int NumValues, ParquetEncoding Encoding)
{
    public static DictionaryPageHeader Read(CompactReader reader)
    {
        int? numValues = null;
        ParquetEncoding? encoding = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: numValues = reader.ReadI32(field); break;
                case 2: encoding = (ParquetEncoding)reader.ReadI32(field); break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new DictionaryPageHeader(
            reader.Required(numValues, "DictionaryPageHeader.num_values"),
            reader.Required(encoding, "DictionaryPageHeader.encoding"));
    }
}

/// <summary>parquet.thrift <c>DataPageHeaderV2</c>: levels are stored uncompressed, before the values.</summary>
internal sealed record DataPageHeaderV2(
    int NumValues,
    int NumNulls,
    int NumRows,
    ParquetEncoding Encoding,
    int DefinitionLevelsByteLength,
    int RepetitionLevelsByteLength,
    bool IsCompressed)
{
    public static DataPageHeaderV2 Read(CompactReader reader)
    {
        int? numValues = null, numNulls = null, numRows = null, definitionLength = null, repetitionLength = null;
        ParquetEncoding? encoding = null;
        var isCompressed = true;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: numValues = reader.ReadI32(field); break;
                case 2: numNulls = reader.ReadI32(field); break;
                case 3: numRows = reader.ReadI32(field); break;
                case 4: encoding = (ParquetEncoding)reader.ReadI32(field); break;
                case 5: definitionLength = reader.ReadI32(field); break;
                case 6: repetitionLength = reader.ReadI32(field); break;
                case 7: isCompressed = reader.ReadBool(field); break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new DataPageHeaderV2(
            reader.Required(numValues, "DataPageHeaderV2.num_values"),
            reader.Required(numNulls, "DataPageHeaderV2.num_nulls"),
            reader.Required(numRows, "DataPageHeaderV2.num_rows"),
            reader.Required(encoding, "DataPageHeaderV2.encoding"),
            reader.Required(definitionLength, "DataPageHeaderV2.definition_levels_byte_length"),
            reader.Required(repetitionLength, "DataPageHeaderV2.repetition_levels_byte_length"),
            isCompressed);
    }
}
