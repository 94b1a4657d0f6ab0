using System.Globalization;
using System.Text.Json;

namespace CircuitBench.Parquet.Tests.Interop;

/// <summary>
/// Compares a .NET cell value with its JSON form from tests/interop/json-values.mjs: INT64 as a
/// decimal string, NaN/±Infinity/-0 as strings, other numbers as JSON numbers (compared bit for bit).
/// </summary>
internal static class JsonCells
{
    public static bool Matches(object? expected, JsonElement actual) => expected switch
    {
        null => actual.ValueKind == JsonValueKind.Null,
        int i => actual.ValueKind == JsonValueKind.Number && actual.TryGetInt32(out var a) && a == i,
        long l => actual.ValueKind == JsonValueKind.String && actual.GetString() == l.ToString(CultureInfo.InvariantCulture),
        float f => SameDouble(f, actual),
        double d => SameDouble(d, actual),
        bool b => actual.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False),
        string s => actual.ValueKind == JsonValueKind.String && actual.GetString() == s,
        _ => throw new ArgumentException($"unexpected cell type {expected.GetType()}"),
    };

    /// <summary>The cell's value as text: JSON strings unquoted, numbers and booleans as written.</summary>
    public static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => element.GetString(),
        _ => element.GetRawText(),
    };

    private static bool SameDouble(double expected, JsonElement actual)
    {
        if (actual.ValueKind == JsonValueKind.String)
        {
            return actual.GetString() switch
            {
                "NaN" => double.IsNaN(expected),
                "Infinity" => double.IsPositiveInfinity(expected),
                "-Infinity" => double.IsNegativeInfinity(expected),
                "-0" => expected == 0 && double.IsNegative(expected),
                _ => false,
            };
        }

        return actual.ValueKind == JsonValueKind.Number
            && BitConverter.DoubleToInt64Bits(actual.GetDouble()) == BitConverter.DoubleToInt64Bits(expected);
    }
}
