using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Format;

/// <summary>parquet.thrift <c>ColumnChunk</c>; <see cref="FilePath"/> is set only for chunks stored in another file.</summary>
internal sealed record ColumnChunk(long FileOffset, ColumnMetaData? MetaData)
{
    public string? FilePath { get; init; }

    public void Write(CompactWriter writer)
    {
        writer.WriteI64(2, FileOffset);
        if (MetaData is not null)
        {
            writer.BeginStruct(3);
            MetaData.Write(writer);
            writer.EndStruct();
        }
    }

    public static ColumnChunk Read(CompactReader reader)
    {
        string? filePath = null;
        long? fileOffset = null;
        ColumnMetaData? metaData = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: filePath = reader.ReadString(field); break;
                case 2: fileOffset = reader.ReadI64(field); break;
                case 3:
                    reader.BeginStruct(field);
                    metaData = ColumnMetaData.Read(reader);
                    break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new ColumnChunk(reader.Required(fileOffset, "ColumnChunk.file_offset"), metaData) { FilePath = filePath };
    }
}
