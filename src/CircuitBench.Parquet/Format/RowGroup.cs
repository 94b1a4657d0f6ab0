using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Format;

/// <summary>parquet.thrift <c>RowGroup</c>.</summary>
internal sealed record RowGroup(IReadOnlyList<ColumnChunk> Columns, long TotalByteSize, long NumRows)
{
    public long? FileOffset { get; init; }

    public long? TotalCompressedSize { get; init; }

    public void Write(CompactWriter writer)
    {
        writer.BeginList(1, CompactType.Struct, Columns.Count);
        foreach (var column in Columns)
        {
            writer.BeginStructElement();
            column.Write(writer);
            writer.EndStruct();
        }

        writer.WriteI64(2, TotalByteSize);
        writer.WriteI64(3, NumRows);
        if (FileOffset is { } fileOffset)
        {
            writer.WriteI64(5, fileOffset);
        }

        if (TotalCompressedSize is { } compressed)
        {
            writer.WriteI64(6, compressed);
        }
    }

    public static RowGroup Read(CompactReader reader)
    {
        List<ColumnChunk>? columns = null;
        long? totalByteSize = null, numRows = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1:
                    var count = reader.BeginList(field, CompactType.Struct);
                    columns = [];
                    for (var i = 0; i < count; i++)
                    {
                        reader.BeginStruct();
                        columns.Add(ColumnChunk.Read(reader));
                    }

                    break;
                case 2: totalByteSize = reader.ReadI64(field); break;
                case 3: numRows = reader.ReadI64(field); break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new RowGroup(
            reader.Required(columns, "RowGroup.columns"),
            reader.Required(totalByteSize, "RowGroup.total_byte_size"),
            reader.Required(numRows, "RowGroup.num_rows"));
    }
}
