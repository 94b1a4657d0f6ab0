namespace CircuitBench.Parquet.Tests;

/// <summary>Exact table comparison: same fields, and every value equal (floats bit for bit).</summary>
internal static class TableAssert
{
    public static void Equal(ParquetTable expected, ParquetTable actual)
    {
        Assert.Equal(expected.Fields, actual.Fields);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            for (var r = 0; r < expected.RowCount; r++)
            {
                var want = expected.Columns[c].Values.GetValue(r);
                var got = actual.Columns[c].Values.GetValue(r);
                if (!Same(want, got))
                {
                    Assert.Fail($"column '{expected.Columns[c].Name}' row {r}: expected {want}, got {got}");
                }
            }
        }
    }

    private static bool Same(object? want, object? got) => (want, got) switch
    {
        (float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b),
        (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
        _ => Equals(want, got),
    };
}
