using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Format;

/// <summary>
/// parquet.thrift <c>FileMetaData</c>, the footer. When written, every leaf column declares the
/// type-defined column order, so readers may trust <c>min_value</c>/<c>max_value</c>.
/// </summary>
internal sealed record FileMetaData(
    int Version,
    IReadOnlyList<SchemaElement> Schema,
    long NumRows,
    IReadOnlyList<RowGroup> RowGroups,
    IReadOnlyList<KeyValue> KeyValueMetadata,
    string? CreatedBy)
{
    public void Write(CompactWriter writer)
    {
        writer.WriteI32(1, Version);
        writer.BeginList(2, CompactType.Struct, Schema.Count);
        foreach (var element in Schema)
        {
            writer.BeginStructElement();
            element.Write(writer);
            writer.EndStruct();
        }

        writer.WriteI64(3, NumRows);
        writer.BeginList(4, CompactType.Struct, RowGroups.Count);
        foreach (var rowGroup in RowGroups)
        {
            writer.BeginStructElement();
            rowGroup.Write(writer);
            writer.EndStruct();
        }

        if (KeyValueMetadata.Count > 0)
        {
            writer.BeginList(5, CompactType.Struct, KeyValueMetadata.Count);
            foreach (var pair in KeyValueMetadata)
            {
                writer.BeginStructElement();
                pair.Write(writer);
                writer.EndStruct();
            }
        }

        if (CreatedBy is not null)
        {
            writer.WriteString(6, CreatedBy);
        }

        var leafCount = Schema.Count - 1;
        writer.BeginList(7, CompactType.Struct, leafCount);
        for (var i = 0; i < leafCount; i++)
        {
            writer.BeginStructElement();
            writer.BeginStruct(1); // ColumnOrder.TYPE_ORDER: an empty TypeDefinedOrder struct
            writer.EndStruct();
            writer.EndStruct();
        }
    }

    public static FileMetaData Read(CompactReader reader)
    {
        int? version = null;
        long? numRows = null;
        string? createdBy = null;
        List<SchemaElement>? schema = null;
        List<RowGroup>? rowGroups = null;
        List<KeyValue>? keyValues = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: version = reader.ReadI32(field); break;
                case 2: schema = ReadStructList(reader, field, SchemaElement.Read); break;
                case 3: numRows = reader.ReadI64(field); break;
                case 4: rowGroups = ReadStructList(reader, field, RowGroup.Read); break;
                case 5: keyValues = ReadStructList(reader, field, KeyValue.Read); break;
                case 6: createdBy = reader.ReadString(field); break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new FileMetaData(
            reader.Required(version, "FileMetaData.version"),
            reader.Required(schema, "FileMetaData.schema"),
            reader.Required(numRows, "FileMetaData.num_rows"),
            reader.Required(rowGroups, "FileMetaData.row_groups"),
            keyValues ?? [],
            createdBy);
    }

    private static List<T> ReadStructList<T>(CompactReader reader, CompactField field, Func<CompactReader, T> read)
    {
        var count = reader.BeginList(field, CompactType.Struct);
        var items = new List<T>();
        for (var i = 0; i < count; i++)
        {
            reader.BeginStruct();
            items.Add(read(reader));
        }

        return items;
    }
}
