using System.Text.Json;

namespace CircuitBench.Parquet.Tests.Interop;

/// <summary>xunit class fixture: the files write-duckdb.mjs makes, written once per test class.</summary>
public sealed class DuckDbFiles : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly Lazy<Dictionary<string, JsonElement>> _listing;

    public DuckDbFiles() => _listing = new(() => NodeScripts.WriteWithDuckDb(_temp.Path)
        .EnumerateArray()
        .ToDictionary(f => f.GetProperty("name").GetString()!));

    /// <summary>Path of the named file (see write-duckdb.mjs).</summary>
    public string File(string name) => _listing.Value[name].GetProperty("file").GetString()!;

    /// <summary>Rows DuckDB was asked to write into the named file.</summary>
    public int Rows(string name) => _listing.Value[name].GetProperty("rows").GetInt32();

    public void Dispose() => _temp.Dispose();
}
