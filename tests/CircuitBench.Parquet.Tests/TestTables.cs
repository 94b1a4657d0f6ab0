namespace CircuitBench.Parquet.Tests;

/// <summary>Tables that exercise every type, nulls, extremes, non-finite floats and unicode text.</summary>
internal static class TestTables
{
    public static readonly string[] SpecialStrings =
    [
        "", "héllo wörld", "日本語テキスト", "emoji 🙂🚀", "combining e\u0301", "NaN", "quote \" and \\ backslash",
        "tab\tnew\nline", "\u00ff\u0100\uffff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    ];

    private static readonly float[] SpecialFloats =
        [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue, float.MinValue, 0.1f];

    private static readonly double[] SpecialDoubles =
        [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue, double.MinValue, 0.1, 1e-300];

    /// <summary>Every supported type, required and nullable, with special values in the first rows.</summary>
    public static ParquetTable AllTypes(int rows) => new(
        ParquetColumn.Create("i32", Rows(rows, i => i switch { 0 => int.MinValue, 1 => int.MaxValue, _ => (i * 7919) - 1_000_000 })),
        ParquetColumn.Create("i32_null", Rows(rows, i => i % 3 == 0 ? null : (int?)-i)),
        ParquetColumn.Create("i64", Rows(rows, i => i switch { 0 => long.MinValue, 1 => long.MaxValue, _ => (i * 1_000_000_007L) - 4_000_000_000_000 })),
        ParquetColumn.Create("i64_null", Rows(rows, i => i % 4 == 1 ? null : (long?)((long)i << 40))),
        ParquetColumn.Create("f32", Rows(rows, i => i < SpecialFloats.Length ? SpecialFloats[i] : i / 3f)),
        ParquetColumn.Create("f32_null", Rows(rows, i => i % 5 == 2 ? null : (float?)(i * -0.5f))),
        ParquetColumn.Create("f64", Rows(rows, i => i < SpecialDoubles.Length ? SpecialDoubles[i] : Math.PI * i)),
        ParquetColumn.Create("f64_null", Rows(rows, i => i % 6 == 0 ? null : (double?)(1.0 / (i + 1)))),
        ParquetColumn.Create("flag", Rows(rows, i => i % 3 == 1)),
        ParquetColumn.Create("flag_null", Rows(rows, i => i % 7 == 0 ? null : (bool?)(i % 2 == 0))),
        ParquetColumn.Create("text", Rows(rows, i => i < SpecialStrings.Length ? SpecialStrings[i] : $"row {i}")),
        ParquetColumn.CreateNullable("text_null", Rows(rows, i => i % 4 == 3 ? null : $"value-{i % 10} ✓")));

    public static T[] Rows<T>(int count, Func<int, T> value) => [.. Enumerable.Range(0, count).Select(value)];
}
