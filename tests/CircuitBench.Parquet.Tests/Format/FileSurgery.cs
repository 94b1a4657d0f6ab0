using System.Buffers.Binary;
using CircuitBench.Parquet.Format;
using CircuitBench.Parquet.Reader;
using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Tests.Format;

/// <summary>Builds and edits Parquet files byte by byte for the reader's error tests.</summary>
internal static class FileSurgery
{
    public static byte[] Write(ParquetTable table, ParquetWriteOptions? options = null)
    {
        using var stream = new MemoryStream();
        ParquetWriter.Write(stream, table, options);
        return stream.ToArray();
    }

    /// <summary>The same column data with a changed footer.</summary>
    public static byte[] RewriteFooter(byte[] file, Func<FileMetaData, FileMetaData> change)
    {
        var (footer, footerStart) = FooterReader.Read(new ReadContext("original"), file);
        return Assemble(file.AsSpan(0, footerStart), change(footer));
    }

    /// <summary>Column data (starting with "PAR1") followed by a footer, its length and "PAR1".</summary>
    public static byte[] Assemble(ReadOnlySpan<byte> data, FileMetaData footer)
    {
        var footerBytes = Struct(footer.Write);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, footerBytes.Length);
        return [.. data, .. footerBytes, .. length, .. "PAR1"u8];
    }

    /// <summary>A top-level struct written by <paramref name="fields"/>.</summary>
    public static byte[] Struct(Action<CompactWriter> fields)
    {
        using var stream = new MemoryStream();
        var writer = new CompactWriter(stream);
        writer.BeginStructElement();
        fields(writer);
        writer.EndStruct();
        return stream.ToArray();
    }

    /// <summary>The footer's first column chunk metadata, changed.</summary>
    public static FileMetaData WithFirstChunk(FileMetaData footer, Func<ColumnMetaData, ColumnMetaData> change)
    {
        var group = footer.RowGroups[0];
        var chunk = group.Columns[0];
        var columns = group.Columns.ToArray();
        columns[0] = chunk with { MetaData = change(chunk.MetaData!) };
        return footer with { RowGroups = [group with { Columns = columns }, .. footer.RowGroups.Skip(1)] };
    }

    /// <summary>The footer with its first leaf column changed.</summary>
    public static FileMetaData WithFirstLeaf(FileMetaData footer, Func<SchemaElement, SchemaElement> change) =>
        footer with { Schema = [footer.Schema[0], change(footer.Schema[1]), .. footer.Schema.Skip(2)] };
}
