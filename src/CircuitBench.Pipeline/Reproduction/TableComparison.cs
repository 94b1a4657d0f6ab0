using System.Globalization;
using CircuitBench.Parquet;

namespace CircuitBench.Pipeline.Reproduction;

/// <summary>
/// How close a reproduced number must be to its reference: |produced − reference| ≤ <paramref name="Absolute"/> +
/// <paramref name="Relative"/> · |reference|. NaN matches only NaN; ±∞ only the same infinity. Strings, integers and
/// booleans must be equal.
/// </summary>
public sealed record Tolerance(double Absolute, double Relative)
{
    /// <summary>
    /// The default: 1e-4 absolute plus 1e-3 relative. Runs on one machine with one GEMM backend are bit-identical; another
    /// backend or CPU (SIMD width) rounds float32 sums differently, and training the toy models amplifies that to about
    /// 3e-4 relative in the summary's metrics (measured: managed vs OpenBLAS). Reported figures carry 3 decimals.
    /// </summary>
    public static Tolerance Default { get; } = new(1e-4, 1e-3);

    /// <summary>True when <paramref name="produced"/> is within tolerance of <paramref name="reference"/>.</summary>
    public bool Accepts(double reference, double produced) =>
        double.IsNaN(reference) || double.IsNaN(produced) ? double.IsNaN(reference) && double.IsNaN(produced)
        : double.IsInfinity(reference) || double.IsInfinity(produced) ? reference == produced
        : Math.Abs(produced - reference) <= Absolute + Relative * Math.Abs(reference);
}

/// <summary>The tolerance of each column: <paramref name="Columns"/> where named, else <paramref name="Default"/>.</summary>
public sealed record Tolerances(Tolerance Default, IReadOnlyDictionary<string, Tolerance> Columns)
{
    /// <summary>
    /// What <c>reproduce</c> accepts: <see cref="Tolerance.Default"/>, and 0.01 absolute for the rank statistics
    /// <c>auc</c>, <c>mean_spearman</c> and <c>min_spearman</c>. A near-tie between two edges flips under a different
    /// rounding: AUC moves by 1/(positives · negatives) per flip (7e-4 on toy-induction-2l; three flips measured managed vs
    /// OpenBLAS), Spearman's ρ of |scores| by 0.0012 between OpenBLAS's generic and AVX-512 kernels on the smoke sweep.
    /// </summary>
    public static Tolerances Reproduction { get; } = new(Tolerance.Default, new Dictionary<string, Tolerance>
    {
        ["auc"] = new(0.01, 0),
        ["mean_spearman"] = new(0.01, 0),
        ["min_spearman"] = new(0.01, 0),
    });

    /// <summary>The tolerance of column <paramref name="column"/>.</summary>
    public Tolerance For(string column) => Columns.TryGetValue(column, out var tolerance) ? tolerance : Default;

    /// <summary>One tolerance for every column.</summary>
    public static implicit operator Tolerances(Tolerance tolerance) => new(tolerance, new Dictionary<string, Tolerance>());
}

/// <summary>One difference between a reference table and a reproduced one, in words.</summary>
public sealed record TableDifference(string Where, string What);

/// <summary>Compares a reproduced Parquet table with its reference, cell by cell, within per-column <see cref="Tolerances"/>.</summary>
public static class TableComparison
{
    /// <summary>
    /// Every difference: columns missing or extra, a different type or row count, and each value out of tolerance (rows
    /// named by <paramref name="keyColumn"/> when both tables have it, else by index). Empty when they agree.
    /// </summary>
    public static IReadOnlyList<TableDifference> Compare(ParquetTable reference, ParquetTable produced, Tolerances tolerances, string? keyColumn = null)
    {
        var differences = new List<TableDifference>();
        var referenceNames = reference.Columns.Select(c => c.Name).ToArray();
        var producedNames = produced.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in referenceNames.Where(n => !producedNames.Contains(n))) differences.Add(new("columns", $"'{name}' is missing from the reproduced table"));
        foreach (var name in produced.Columns.Select(c => c.Name).Except(referenceNames, StringComparer.Ordinal)) differences.Add(new("columns", $"'{name}' is new (not in the reference)"));
        if (reference.RowCount != produced.RowCount)
        {
            differences.Add(new("rows", $"the reference has {reference.RowCount} rows, the reproduced table {produced.RowCount}"));
            return differences;
        }
        var keys = keyColumn is not null && referenceNames.Contains(keyColumn) && producedNames.Contains(keyColumn)
            ? reference[keyColumn].Values : null;
        string Row(int i) => keys is null ? $"row {i}" : $"row {i} ({keyColumn} {Text(keys.GetValue(i))})";
        foreach (var name in referenceNames.Where(producedNames.Contains))
        {
            var (expected, actual) = (reference[name], produced[name]);
            if (expected.Field.Type != actual.Field.Type)
            {
                differences.Add(new($"column '{name}'", $"type {expected.Field.Type} in the reference, {actual.Field.Type} reproduced"));
                continue;
            }
            for (var i = 0; i < expected.Length; i++)
            {
                var (a, b) = (expected.Values.GetValue(i), actual.Values.GetValue(i));
                if (Agrees(a, b, tolerances.For(name))) continue;
                var gap = a is double or float && b is double or float ? string.Create(CultureInfo.InvariantCulture, $" (|Δ| {Math.Abs(Convert.ToDouble(a, CultureInfo.InvariantCulture) - Convert.ToDouble(b, CultureInfo.InvariantCulture)):G3})") : "";
                differences.Add(new($"{Row(i)}, column '{name}'", $"reference {Text(a)}, reproduced {Text(b)}{gap}"));
            }
        }
        return differences;
    }

    private static bool Agrees(object? reference, object? produced, Tolerance tolerance) => (reference, produced) switch
    {
        (null, null) => true,
        (double a, double b) => tolerance.Accepts(a, b),
        (float a, float b) => tolerance.Accepts(a, b),
        _ => Equals(reference, produced),
    };

    private static string Text(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        string s => $"'{s}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
