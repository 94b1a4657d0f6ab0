namespace CircuitBench.Parquet.Tests;

/// <summary>Files written by <see cref="ParquetWriter"/> read back by <see cref="ParquetReader"/>.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData(ParquetCodec.Uncompressed, 1000, 1_000_000, 100_000)]
    [InlineData(ParquetCodec.Gzip, 1000, 300, 128)]
    [InlineData(ParquetCodec.Gzip, 1000, 1, 1)]
    [InlineData(ParquetCodec.Uncompressed, 0, 10, 10)]
    public void Every_type_reads_back_exactly(ParquetCodec codec, int rows, int rowGroupSize, int pageRows)
    {
        var table = TestTables.AllTypes(rows);
        var options = new ParquetWriteOptions
        {
            Codec = codec,
            RowGroupSize = rowGroupSize,
            PageRowCount = pageRows,
            Metadata = new Dictionary<string, string> { ["run"] = "{\"seed\":1}", ["ünï"] = "✓" },
        };
        var path = _temp.File("t.parquet");
        ParquetWriter.Write(path, table, options);

        var file = ParquetReader.Read(path);
        TableAssert.Equal(table, file.Table);
        Assert.Equal(
            options.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, (string?)p.Value)),
            file.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
        Assert.Equal(ParquetWriter.CreatedBy, file.CreatedBy);
        Assert.StartsWith("CircuitBench version ", file.CreatedBy, StringComparison.Ordinal);
        Assert.Equal((rows + rowGroupSize - 1) / rowGroupSize, file.RowGroups.Count);
        Assert.All(file.RowGroups.SelectMany(g => g.Columns), c => Assert.Equal(codec, c.Codec));
    }

    [Fact]
    public void Statistics_hold_null_counts_and_bounds_per_row_group()
    {
        var table = new ParquetTable(
            ParquetColumn.Create("n", new int?[] { 5, null, -3, null, 9, 2 }),
            ParquetColumn.Create("f", new[] { float.NaN, 0f, 1.5f, -0f, float.NaN, float.NaN }),
            ParquetColumn.Create("s", new[] { "b", "a", "🙂", "｡", "x", "y" }),
            ParquetColumn.Create("b", new[] { true, true, true, false, true, true }));
        var file = Roundtrip(table, new ParquetWriteOptions { RowGroupSize = 4 });

        var first = file.RowGroups[0].Columns;
        Assert.Equal(new ParquetStatistics(2, -3, 5), first[0].Statistics);
        Assert.Equal(new ParquetStatistics(0, -0f, 1.5f), first[1].Statistics);
        Assert.True(float.IsNegative((float)first[1].Statistics!.Min!));
        Assert.Equal(new ParquetStatistics(0, "a", "🙂"), first[2].Statistics);
        Assert.Equal(new ParquetStatistics(0, false, true), first[3].Statistics);

        var second = file.RowGroups[1].Columns;
        Assert.Equal(new ParquetStatistics(0, 2, 9), second[0].Statistics);
        Assert.Equal(new ParquetStatistics(0, null, null), second[1].Statistics); // only NaN
        Assert.Equal(new ParquetStatistics(0, true, true), second[3].Statistics);
    }

    [Fact]
    public void Same_table_gives_the_same_bytes()
    {
        var options = new ParquetWriteOptions
        {
            Codec = ParquetCodec.Gzip,
            RowGroupSize = 100,
            Metadata = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2", ["m"] = "3" },
        };
        var reordered = options with { Metadata = new Dictionary<string, string> { ["m"] = "3", ["a"] = "2", ["z"] = "1" } };
        ParquetWriter.Write(_temp.File("a.parquet"), TestTables.AllTypes(500), options);
        ParquetWriter.Write(_temp.File("b.parquet"), TestTables.AllTypes(500), reordered);
        using var stream = new MemoryStream();
        ParquetWriter.Write(stream, TestTables.AllTypes(500), options);

        var bytes = File.ReadAllBytes(_temp.File("a.parquet"));
        Assert.Equal(bytes, File.ReadAllBytes(_temp.File("b.parquet")));
        Assert.Equal(bytes, stream.ToArray());
    }

    [Fact]
    public void Writing_replaces_the_file_atomically_and_leaves_no_temporary_file()
    {
        var path = _temp.File("sub/dir/out.parquet");
        ParquetWriter.Write(path, new ParquetTable(ParquetColumn.Create("x", new[] { 1 })));
        ParquetWriter.Write(path, new ParquetTable(ParquetColumn.Create("x", new[] { 2, 3 })));
        Assert.Equal([2, 3], ParquetReader.Read(path).Table.Get<int>("x"));
        Assert.Equal(["out.parquet"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_write_keeps_the_old_file_and_removes_the_temporary_one()
    {
        var path = _temp.File("out.parquet");
        ParquetWriter.Write(path, new ParquetTable(ParquetColumn.Create("x", new[] { 1 })));
        var before = File.ReadAllBytes(path);
        var names = new[] { "ok", "fine" };
        var table = new ParquetTable(ParquetColumn.Create("name", names));
        names[1] = null!; // changed after validation: the writer notices

        var error = Assert.Throws<InvalidOperationException>(() => ParquetWriter.Write(path, table));
        Assert.Contains("Column 'name' is not nullable, but row 1 is null", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["out.parquet"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    public void Dispose() => _temp.Dispose();

    private static ParquetFile Roundtrip(ParquetTable table, ParquetWriteOptions options)
    {
        using var stream = new MemoryStream();
        ParquetWriter.Write(stream, table, options);
        return ParquetReader.Read(stream.ToArray(), "memory");
    }
}
