using CircuitBench.Parquet.Compression;
using CircuitBench.Parquet.Encodings;
using CircuitBench.Parquet.Format;

namespace CircuitBench.Parquet.Tests.Format;

/// <summary>
/// v2 data pages (levels uncompressed and unprefixed, values optionally compressed). DuckDB writes
/// only v1 pages, so these files are assembled here from the format records.
/// </summary>
public sealed class DataPageV2Tests
{
    [Theory]
    [InlineData(ParquetCodec.Uncompressed, true)]
    [InlineData(ParquetCodec.Gzip, true)]
    [InlineData(ParquetCodec.Gzip, false)]
    public void Nullable_values_are_read_from_a_v2_page(ParquetCodec codec, bool valuesCompressed)
    {
        var file = ParquetReader.Read(BuildFile(codec, valuesCompressed, numNulls: 2), "v2.parquet");
        Assert.Equal([7, null, -1, null, 9], file.Table.Get<int?>("x"));
    }

    [Fact]
    public void Null_count_must_agree_with_the_levels()
    {
        var error = Assert.Throws<ParquetFormatException>(() => ParquetReader.Read(BuildFile(ParquetCodec.Uncompressed, true, numNulls: 1), "v2.parquet"));
        Assert.Contains("column 'x' in row group 0, page at byte 4: the definition levels mark 2 nulls, the header says 1", error.Message, StringComparison.Ordinal);
    }

    private static byte[] BuildFile(ParquetCodec codec, bool valuesCompressed, int numNulls)
    {
        var levels = RleHybrid.Encode([1, 0, 1, 0, 1], bitWidth: 1);
        using var plain = new MemoryStream();
        Int32Codec.Instance.EncodePlain([7, -1, 9], plain);
        var values = valuesCompressed ? PageCompression.Compress(codec, plain.ToArray()) : plain.ToArray();
        var header = FileSurgery.Struct(w =>
        {
            w.WriteI32(1, (int)PageType.DataPageV2);
            w.WriteI32(2, levels.Length + (int)plain.Length);
            w.WriteI32(3, levels.Length + values.Length);
            w.BeginStruct(8);
            w.WriteI32(1, 5); // num_values
            w.WriteI32(2, numNulls);
            w.WriteI32(3, 5); // num_rows
            w.WriteI32(4, (int)ParquetEncoding.Plain);
            w.WriteI32(5, levels.Length);
            w.WriteI32(6, 0);
            w.WriteBool(7, valuesCompressed);
            w.EndStruct();
        });
        byte[] data = [.. "PAR1"u8, .. header, .. levels, .. values];
        var chunkSize = data.Length - 4;
        var meta = new ColumnMetaData(PhysicalType.Int32, [ParquetEncoding.Plain, ParquetEncoding.Rle], ["x"], codec, 5, chunkSize, chunkSize, 4);
        var footer = new FileMetaData(
            Version: 2,
            Schema: [new SchemaElement("schema") { NumChildren = 1 }, new SchemaElement("x") { Type = PhysicalType.Int32, Repetition = Repetition.Optional }],
            NumRows: 5,
            RowGroups: [new RowGroup([new ColumnChunk(4, meta)], chunkSize, 5)],
            KeyValueMetadata: [],
            CreatedBy: "hand-made");
        return FileSurgery.Assemble(data, footer);
    }
}
