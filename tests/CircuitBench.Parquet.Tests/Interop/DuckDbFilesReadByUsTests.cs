using System.Globalization;

namespace CircuitBench.Parquet.Tests.Interop;

/// <summary>Files written by DuckDB (dictionary pages, v2 pages, snappy, gzip) read by <see cref="ParquetReader"/>.</summary>
[Trait("Category", "Interop")]
public sealed class DuckDbFilesReadByUsTests(DuckDbFiles files) : IClassFixture<DuckDbFiles>
{
    public static TheoryData<string> ReadableFiles => new() { "uncompressed", "gzip", "snappy", "single-row-group", "empty", "v2" };

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void Values_schema_and_row_groups_match_what_DuckDB_reads(string name)
    {
        var path = files.File(name);
        var ours = ParquetReader.Read(path);
        var duckdb = NodeScripts.ReadWithDuckDb(path);

        Assert.Equal(files.Rows(name), ours.RowCount);
        Assert.Equal(duckdb.GetProperty("numRowGroups").GetString(), ours.RowGroups.Count.ToString(CultureInfo.InvariantCulture));
        Assert.StartsWith("DuckDB", ours.CreatedBy, StringComparison.Ordinal);
        var schema = duckdb.GetProperty("schema").EnumerateArray().ToList();
        Assert.Equal(schema.Select(s => s.GetProperty("name").GetString()), ours.Table.Fields.Select(f => f.Name));
        Assert.All(ours.Table.Fields, f => Assert.True(f.IsNullable, $"DuckDB writes OPTIONAL columns, '{f.Name}' read as required"));

        var rows = duckdb.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Count, ours.RowCount);
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = rows[r].EnumerateArray().ToList();
            for (var c = 0; c < ours.Table.Columns.Count; c++)
            {
                var value = ours.Table.Columns[c].Values.GetValue(r);
                if (!JsonCells.Matches(value, cells[c]))
                {
                    Assert.Fail($"{name}: column '{ours.Table.Columns[c].Name}' row {r}: we read {value}, DuckDB reads {cells[c].GetRawText()}");
                }
            }
        }
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("snappy")]
    public void Values_follow_the_formulas_DuckDB_was_given(string name)
    {
        var table = ParquetReader.Read(files.File(name)).Table;
        var rows = files.Rows(name);
        Assert.Equal(TestTables.Rows(rows, i => (int?)i), table.Get<int?>("id"));
        Assert.Equal(TestTables.Rows(rows, i => (int?)((i * 7919) - 5_000_000)), table.Get<int?>("i32"));
        Assert.Equal(TestTables.Rows(rows, i => i % 3 == 0 ? null : (long?)((i * 1_000_000_007L) - 9_000_000_000_000_000_000)), table.Get<long?>("i64"));
        Assert.Equal(TestTables.Rows(rows, i => i % 4 == 1 ? null : (float?)(i / 8f)), table.Get<float?>("f32"));
        Assert.Equal(TestTables.Rows(rows, i => i % 5 == 0 ? null : (bool?)(i % 2 == 0)), table.Get<bool?>("flag"));
        Assert.Equal(TestTables.Rows(rows, i => i % 6 == 0 ? null : $"row {i} é✓🙂"), table.Get<string?>("text"));
        Assert.Equal(TestTables.Rows(rows, i => $"category {i % 7}"), table.Get<string?>("category"));
    }

    [Fact]
    public void Dictionary_encoded_chunks_and_statistics_are_reported()
    {
        var file = ParquetReader.Read(files.File("snappy"));
        Assert.Equal(3, file.RowGroups.Count);
        var category = file.RowGroups[0].Columns.Single(c => c.Column == "category");
        Assert.Equal(ParquetCodec.Snappy, category.Codec);
        Assert.Contains(category.Encodings, e => e.EndsWith("DICTIONARY", StringComparison.Ordinal));
        Assert.Equal(new ParquetStatistics(0, "category 0", "category 6"), category.Statistics);
        var id = file.RowGroups[1].Columns.Single(c => c.Column == "id");
        Assert.Equal(new ParquetStatistics(0, 2048, 4095), id.Statistics);
    }

    [Fact]
    public void Unsupported_codec_is_named_with_the_column()
    {
        var error = Assert.Throws<ParquetFormatException>(() => ParquetReader.Read(files.File("zstd")));
        Assert.Contains("column 'id' in row group 0 uses compression codec ZSTD", error.Message, StringComparison.Ordinal);
        Assert.Contains(files.File("zstd"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_encoding_is_named_with_the_column()
    {
        var error = Assert.Throws<ParquetFormatException>(() => ParquetReader.Read(files.File("v2-delta")));
        Assert.Contains("column 'id' in row group 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("encoding DELTA_BINARY_PACKED is not supported", error.Message, StringComparison.Ordinal);
    }
}
