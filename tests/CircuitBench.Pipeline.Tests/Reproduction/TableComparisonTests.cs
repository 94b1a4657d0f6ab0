using CircuitBench.Parquet;
using CircuitBench.Pipeline.Reproduction;

namespace CircuitBench.Pipeline.Tests.Reproduction;

public class TableComparisonTests
{
    private static ParquetTable Table(double[] cpr, string[]? cells = null, int[]? edges = null) => new(
        ParquetColumn.Create("cell", cells ?? ["a/eap", "a/random"]),
        ParquetColumn.Create("edges", edges ?? [81, 81]),
        ParquetColumn.Create("cpr", cpr));

    [Fact]
    public void Values_within_tolerance_agree_and_the_tolerance_is_absolute_plus_relative()
    {
        var tolerance = new Tolerance(1e-4, 1e-3);
        Assert.Empty(TableComparison.Compare(Table([0.25, -2.0]), Table([0.25 + 3e-4, -2.0 - 2e-3]), tolerance, "cell"));
        Assert.True(tolerance.Accepts(double.NaN, double.NaN));
        Assert.False(tolerance.Accepts(double.NaN, 0));
        Assert.False(tolerance.Accepts(double.PositiveInfinity, double.MaxValue));
        Assert.False(tolerance.Accepts(1, 1 + 1.2e-3));
        var auc = new ParquetTable(ParquetColumn.Create("auc", [0.7259]));
        Assert.Empty(TableComparison.Compare(auc, new ParquetTable(ParquetColumn.Create("auc", [0.7238])), Tolerances.Reproduction));
        Assert.Single(TableComparison.Compare(auc, new ParquetTable(ParquetColumn.Create("auc", [0.7238])), Tolerance.Default));
    }

    [Fact]
    public void Each_difference_names_the_row_by_its_cell_the_column_and_both_values()
    {
        var differences = TableComparison.Compare(Table([0.25, 0.5]), Table([0.25, 0.52], edges: [81, 80]), Tolerance.Default, "cell");
        Assert.Equal(2, differences.Count);
        Assert.Contains(differences, d => d.Where == "row 1 (cell 'a/random'), column 'edges'" && d.What == "reference 81, reproduced 80");
        Assert.Contains(differences, d => d.Where == "row 1 (cell 'a/random'), column 'cpr'" && d.What.StartsWith("reference 0.5, reproduced 0.52 (|Δ| 0.02", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_and_new_columns_and_row_counts_are_reported()
    {
        var reference = Table([0.25, 0.5]);
        var fewer = new ParquetTable(ParquetColumn.Create("cell", ["a/eap"]), ParquetColumn.Create("edges", [81]), ParquetColumn.Create("auc", [0.7]));
        var differences = TableComparison.Compare(reference, fewer, Tolerance.Default, "cell").Select(d => $"{d.Where}: {d.What}").ToArray();
        Assert.Equal(["columns: 'cpr' is missing from the reproduced table", "columns: 'auc' is new (not in the reference)", "rows: the reference has 2 rows, the reproduced table 1"], differences);
        var typed = new ParquetTable(ParquetColumn.Create("cell", ["a/eap", "a/random"]), ParquetColumn.Create("edges", [81L, 81L]), ParquetColumn.Create("cpr", [0.25, 0.5]));
        Assert.Equal("type Int32 in the reference, Int64 reproduced", Assert.Single(TableComparison.Compare(reference, typed, Tolerance.Default)).What);
    }
}
