namespace CircuitBench.Parquet.Tests.Interop;

/// <summary>Files written by <see cref="ParquetWriter"/> read back identically by DuckDB and by hyparquet.</summary>
[Trait("Category", "Interop")]
public sealed class OurFilesReadByIndependentReadersTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public static TheoryData<string, ParquetCodec> ReadersAndCodecs => new()
    {
        { "duckdb", ParquetCodec.Uncompressed },
        { "duckdb", ParquetCodec.Gzip },
        { "hyparquet", ParquetCodec.Uncompressed },
        { "hyparquet", ParquetCodec.Gzip },
    };

    public static TheoryData<string> Readers => new() { "duckdb", "hyparquet" };

    [Theory]
    [MemberData(nameof(ReadersAndCodecs))]
    public void Every_type_with_nulls_in_several_row_groups_and_pages(string reader, ParquetCodec codec)
    {
        var options = new ParquetWriteOptions
        {
            Codec = codec,
            RowGroupSize = 300,
            PageRowCount = 128,
            Metadata = new Dictionary<string, string>
            {
                ["circuitbench.run"] = """{"seed":7,"algorithm":"eap"}""",
                ["note ✓"] = "ünïcödé value 🙂",
                ["empty"] = "",
            },
        };
        CheckRoundTrip(reader, TestTables.AllTypes(1000), options);
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Empty_table(string reader) =>
        CheckRoundTrip(reader, TestTables.AllTypes(0), new ParquetWriteOptions());

    [Theory]
    [MemberData(nameof(Readers))]
    public void Single_row_group_with_an_all_null_column(string reader)
    {
        var table = new ParquetTable(
            ParquetColumn.Create("id", TestTables.Rows(50, i => i)),
            ParquetColumn.Create("nothing", new double?[50]),
            ParquetColumn.CreateNullable("no_text", new string?[50]));
        CheckRoundTrip(reader, table, new ParquetWriteOptions { Codec = ParquetCodec.Gzip });
    }

    public void Dispose() => _temp.Dispose();

    private void CheckRoundTrip(string reader, ParquetTable table, ParquetWriteOptions options)
    {
        var file = _temp.File("table.parquet");
        ParquetWriter.Write(file, table, options);
        var output = reader == "duckdb" ? NodeScripts.ReadWithDuckDb(file) : NodeScripts.ReadWithHyparquet(file);
        ReaderOutputAssert.SameTable(table, output, options);
    }
}
