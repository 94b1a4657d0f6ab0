namespace CircuitBench.Parquet.Tests;

public sealed class ValidationTests
{
    [Fact]
    public void Columns_must_have_equal_lengths() => AssertMessage<ArgumentException>(
        () => new ParquetTable(ParquetColumn.Create("a", new[] { 1, 2 }), ParquetColumn.Create("b", new[] { 1L })),
        "Columns must have equal lengths: 'b' has 1 rows, 'a' has 2");

    [Fact]
    public void Names_must_be_unique_ignoring_case() => AssertMessage<ArgumentException>(
        () => new ParquetTable(ParquetColumn.Create("Score", new[] { 1 }), ParquetColumn.Create("score", new[] { 2.0 })),
        "'score' collides with 'Score'");

    [Fact]
    public void A_table_needs_a_column() => AssertMessage<ArgumentException>(
        () => new ParquetTable(), "at least one column");

    [Fact]
    public void Required_strings_must_not_be_null() => AssertMessage<ArgumentException>(
        () => ParquetColumn.Create("name", new[] { "a", null! }), "Column 'name' is not nullable, but row 1 is null");

    [Fact]
    public void Names_must_not_be_empty() => AssertMessage<ArgumentException>(
        () => ParquetColumn.Create("", new[] { 1 }), "non-empty name");

    [Fact]
    public void The_array_type_must_match_the_field() => AssertMessage<ArgumentException>(
        () => new ParquetColumn(new ParquetField("x", ParquetType.Int64, IsNullable: true), new long[] { 1 }),
        "Column 'x' (x: Int64?) needs values of type long?[], not long[]");

    [Fact]
    public void Typed_access_names_the_right_type()
    {
        var table = new ParquetTable(ParquetColumn.Create("x", new int?[] { 1 }));
        Assert.Equal([1], table.Get<int?>("x"));
        AssertMessage<InvalidOperationException>(() => table.Get<int>("x"), "Column 'x' (x: Int32?) holds int?[], not int[]");
        AssertMessage<KeyNotFoundException>(() => table["y"], "No column 'y'; the table has 'x'");
    }

    [Theory]
    [InlineData(ParquetCodec.Snappy, 10, 10, "Cannot write codec SNAPPY")]
    [InlineData(ParquetCodec.Zstd, 10, 10, "Cannot write codec ZSTD")]
    [InlineData(ParquetCodec.Gzip, 0, 10, "RowGroupSize (0) and PageRowCount (10) must be positive")]
    [InlineData(ParquetCodec.Gzip, 10, -1, "RowGroupSize (10) and PageRowCount (-1) must be positive")]
    public void Write_options_are_checked(ParquetCodec codec, int rowGroupSize, int pageRows, string message) =>
        AssertMessage<ArgumentException>(
            () => ParquetWriter.Write(
                Stream.Null,
                new ParquetTable(ParquetColumn.Create("x", new[] { 1 })),
                new ParquetWriteOptions { Codec = codec, RowGroupSize = rowGroupSize, PageRowCount = pageRows }),
            message);

    private static void AssertMessage<TException>(Func<object?> action, string message)
        where TException : Exception
    {
        var error = Assert.Throws<TException>(action);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static void AssertMessage<TException>(Action action, string message)
        where TException : Exception
    {
        var error = Assert.Throws<TException>(action);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
