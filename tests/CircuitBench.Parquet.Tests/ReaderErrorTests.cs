using System.Buffers.Binary;
using CircuitBench.Parquet.Format;
using CircuitBench.Parquet.Tests.Format;

namespace CircuitBench.Parquet.Tests;

/// <summary>Each way a file can be broken or unsupported gives its own message, naming the file and the place.</summary>
public sealed class ReaderErrorTests
{
    private static readonly ParquetTable Table = new(
        ParquetColumn.Create("x", new int?[] { 1, null, 3 }),
        ParquetColumn.Create("s", new[] { "a", "b", "c" }));

    private static readonly byte[] Good = FileSurgery.Write(Table, new ParquetWriteOptions { Codec = ParquetCodec.Gzip });

    [Fact]
    public void Too_short() => AssertError([.. "PAR1"u8], "the file is 4 bytes long, too short for Parquet", null);

    [Fact]
    public void Wrong_leading_magic()
    {
        var bytes = Good.ToArray();
        "PAR2"u8.CopyTo(bytes);
        AssertError(bytes, "does not start with the magic bytes 'PAR1' (found 'PAR2'); it is not a Parquet file", 0);
    }

    [Fact]
    public void Truncated_file() =>
        AssertError(Good[..^5], "does not end with the magic bytes 'PAR1'", Good.Length - 9, "it may be truncated");

    [Fact]
    public void Encrypted_footer()
    {
        var bytes = Good.ToArray();
        "PARE"u8.CopyTo(bytes.AsSpan(bytes.Length - 4));
        AssertError(bytes, "the footer is encrypted ('PARE')", bytes.Length - 4);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-7)]
    [InlineData(100_000)]
    public void Invalid_footer_length(int length)
    {
        var bytes = Good.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), length);
        AssertError(bytes, $"footer length {length} is invalid: {bytes.Length - 12} bytes lie between", bytes.Length - 8);
    }

    [Fact]
    public void Malformed_footer()
    {
        var bytes = Good.ToArray();
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        var footerStart = bytes.Length - 8 - footerLength;
        bytes[footerStart] = 0x0E; // a field header with an unknown type
        AssertError(bytes, "malformed footer (FileMetaData): unknown field type 14", footerStart);
    }

    [Fact]
    public void Row_count_disagrees_with_row_groups() => AssertError(
        FileSurgery.RewriteFooter(Good, f => f with { NumRows = 4 }), "the file declares 4 rows, its row groups hold 3", null);

    [Fact]
    public void Nested_group() => AssertError(
        FileSurgery.RewriteFooter(Good, f => FileSurgery.WithFirstLeaf(f, e => e with { Type = null, NumChildren = 1 })),
        "column 'x' is a nested group; only flat tables are supported", null);

    [Fact]
    public void Repeated_column() => AssertError(
        FileSurgery.RewriteFooter(Good, f => FileSurgery.WithFirstLeaf(f, e => e with { Repetition = Repetition.Repeated })),
        "column 'x' is REPEATED; only REQUIRED and OPTIONAL columns are supported", null);

    [Fact]
    public void Unsupported_physical_type() => AssertError(
        FileSurgery.RewriteFooter(Good, f => FileSurgery.WithFirstLeaf(f, e => e with { Type = PhysicalType.Int96 })),
        "column 'x' has type INT96, which is not supported", null);

    [Fact]
    public void Unsupported_annotation() => AssertError(
        FileSurgery.RewriteFooter(Good, f => FileSurgery.WithFirstLeaf(f, e => e with { ConvertedType = (ConvertedType)6 })),
        "column 'x' has type INT32 with converted type DATE, which is not supported", null);

    [Fact]
    public void Chunk_outside_the_data() => AssertError(
        FileSurgery.RewriteFooter(Good, f => FileSurgery.WithFirstChunk(f, m => m with { TotalCompressedSize = 10_000 })),
        "column 'x' in row group 0 spans bytes [4, 10004), outside the column data", 4);

    [Fact]
    public void Unsupported_codec() => AssertError(
        FileSurgery.RewriteFooter(Good, f => FileSurgery.WithFirstChunk(f, m => m with { Codec = ParquetCodec.Brotli })),
        "column 'x' in row group 0 uses compression codec BROTLI, which is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP)", null);

    [Fact]
    public void Type_disagrees_with_schema() => AssertError(
        FileSurgery.RewriteFooter(Good, f => FileSurgery.WithFirstChunk(f, m => m with { Type = PhysicalType.Int64 })),
        "column 'x' in row group 0 stores INT64 values, the schema says INT32", null);

    [Fact]
    public void Corrupt_compressed_page()
    {
        var bytes = Good.ToArray();
        var (footer, _) = Parquet.Reader.FooterReader.Read(new Parquet.Reader.ReadContext("good"), bytes);
        var chunk = footer.RowGroups[0].Columns[0].MetaData!;
        var end = (int)(chunk.DataPageOffset + chunk.TotalCompressedSize);
        bytes.AsSpan(end - 12, 8).Fill(0x55); // inside the GZIP stream of the first page
        AssertError(bytes, "column 'x' in row group 0, page at byte 4:", 4);
    }

    [Fact]
    public void Duplicate_metadata_key() => AssertError(
        FileSurgery.RewriteFooter(Good, f => f with { KeyValueMetadata = [new KeyValue("k", "1"), new KeyValue("k", "2")] }),
        "key-value metadata has the key 'k' twice", null);

    [Fact]
    public void Messages_name_the_file_on_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cb-broken-{Guid.NewGuid():N}.parquet");
        File.WriteAllBytes(path, Good[..^1]);
        try
        {
            var error = Assert.Throws<ParquetFormatException>(() => ParquetReader.Read(path));
            Assert.StartsWith($"Parquet file '{path}': ", error.Message, StringComparison.Ordinal);
            Assert.Equal(path, error.FilePath);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertError(byte[] file, string problem, long? offset, string? alsoContains = null)
    {
        var error = Assert.Throws<ParquetFormatException>(() => ParquetReader.Read(file, "broken.parquet"));
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith("Parquet file 'broken.parquet': ", error.Message, StringComparison.Ordinal);
        if (alsoContains is not null)
        {
            Assert.Contains(alsoContains, error.Message, StringComparison.Ordinal);
        }

        if (offset is not null)
        {
            Assert.Equal(offset, error.Offset);
        }
    }
}
