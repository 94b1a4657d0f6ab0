using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CircuitBench.Parquet.Tests.Interop;

/// <summary>Checks the JSON printed by read-duckdb.mjs / read-hyparquet.mjs against the table we wrote.</summary>
internal static class ReaderOutputAssert
{
    public static void SameTable(ParquetTable expected, JsonElement output, ParquetWriteOptions options)
    {
        var reader = output.GetProperty("reader").GetString();
        var schema = output.GetProperty("schema").EnumerateArray().ToList();
        Assert.Equal(expected.Fields.Select(f => f.Name), schema.Select(s => s.GetProperty("name").GetString()));
        for (var c = 0; c < expected.Fields.Count; c++)
        {
            Assert.Equal(ExpectedType(expected.Fields[c], reader), TypeText(schema[c], reader));
        }

        Assert.Equal(expected.RowCount.ToString(CultureInfo.InvariantCulture), JsonCells.Text(output.GetProperty("numRows")));
        var expectedGroups = (expected.RowCount + options.RowGroupSize - 1) / options.RowGroupSize;
        Assert.Equal(expectedGroups.ToString(CultureInfo.InvariantCulture), JsonCells.Text(output.GetProperty("numRowGroups")));
        Assert.Equal(ParquetWriter.CreatedBy, output.GetProperty("createdBy").GetString());
        var metadata = output.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(options.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), metadata.OrderBy(p => p.Key, StringComparer.Ordinal)!);

        var rows = output.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(expected.RowCount, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = rows[r].EnumerateArray().ToList();
            for (var c = 0; c < expected.Columns.Count; c++)
            {
                var value = expected.Columns[c].Values.GetValue(r);
                if (!JsonCells.Matches(value, cells[c]))
                {
                    Assert.Fail($"{reader}: column '{expected.Columns[c].Name}' row {r}: expected {Show(value)}, read {cells[c].GetRawText()}");
                }
            }
        }

        SameStatistics(expected, output, options, reader);
    }

    // Null counts of every chunk, and min/max where both readers print them exactly (not floats).
    private static void SameStatistics(ParquetTable expected, JsonElement output, ParquetWriteOptions options, string? reader)
    {
        var chunks = output.GetProperty("columnChunks").EnumerateArray().ToList();
        Assert.Equal(expected.Columns.Count * ((expected.RowCount + options.RowGroupSize - 1) / options.RowGroupSize), chunks.Count);
        foreach (var chunk in chunks)
        {
            var group = int.Parse(JsonCells.Text(chunk.GetProperty("rowGroup"))!, CultureInfo.InvariantCulture);
            var column = expected[chunk.GetProperty("path").GetString()!];
            var start = group * options.RowGroupSize;
            var values = Enumerable.Range(start, Math.Min(options.RowGroupSize, expected.RowCount - start))
                .Select(i => column.Values.GetValue(i)).ToList();
            var where = $"{reader}: statistics of '{column.Name}' in row group {group}";
            Assert.True(
                values.Count(v => v is null).ToString(CultureInfo.InvariantCulture) == JsonCells.Text(chunk.GetProperty("nullCount")),
                $"{where}: null count {chunk.GetProperty("nullCount").GetRawText()}");
            var present = values.Where(v => v is not null).ToList();
            if (column.Field.Type is ParquetType.Float or ParquetType.Double || present.Count == 0)
            {
                continue;
            }

            var ordered = column.Field.Type == ParquetType.String
                ? [.. present.Cast<string>().Order(Utf8Order.Instance)]
                : present.Order().ToList();
            Assert.True(Show(ordered[0]) == JsonCells.Text(chunk.GetProperty("min")), $"{where}: min {chunk.GetProperty("min").GetRawText()}");
            Assert.True(Show(ordered[^1]) == JsonCells.Text(chunk.GetProperty("max")), $"{where}: max {chunk.GetProperty("max").GetRawText()}");
        }
    }

    private static string ExpectedType(ParquetField field, string? reader) => reader == "duckdb"
        ? field.Type switch
        {
            ParquetType.Int32 => "INTEGER",
            ParquetType.Int64 => "BIGINT",
            ParquetType.Float => "FLOAT",
            ParquetType.Double => "DOUBLE",
            ParquetType.Boolean => "BOOLEAN",
            _ => "VARCHAR",
        }
        : field.Type switch
        {
            ParquetType.Int32 => "INT32",
            ParquetType.Int64 => "INT64",
            ParquetType.Float => "FLOAT",
            ParquetType.Double => "DOUBLE",
            ParquetType.Boolean => "BOOLEAN",
            _ => "BYTE_ARRAY/STRING",
        } + (field.IsNullable ? " OPTIONAL" : " REQUIRED");

    private static string TypeText(JsonElement element, string? reader)
    {
        if (reader == "duckdb")
        {
            return element.GetProperty("type").GetString()!;
        }

        var logical = element.GetProperty("logicalType").GetString();
        return element.GetProperty("type").GetString() + (logical is null ? "" : "/" + logical) + " " + element.GetProperty("repetition").GetString();
    }

    private static string? Show(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Parquet's order for strings: unsigned bytes of the UTF-8 encoding.</summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static Utf8Order Instance { get; } = new();

        public int Compare(string? x, string? y) =>
            Encoding.UTF8.GetBytes(x!).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y!));
    }
}
