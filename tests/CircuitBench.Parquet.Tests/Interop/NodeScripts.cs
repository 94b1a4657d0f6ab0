using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace CircuitBench.Parquet.Tests.Interop;

/// <summary>
/// Runs the Node scripts of tests/interop (DuckDB and hyparquet). Missing node or missing
/// node_modules fail the test with the install command; they are never skipped.
/// </summary>
internal static class NodeScripts
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string InteropFolder { get; } = FindInteropFolder();

    /// <summary>Reads a file with DuckDB (read-duckdb.mjs).</summary>
    public static JsonElement ReadWithDuckDb(string parquetFile) => RunJson("read-duckdb.mjs", parquetFile);

    /// <summary>Reads a file with hyparquet (read-hyparquet.mjs).</summary>
    public static JsonElement ReadWithHyparquet(string parquetFile) => RunJson("read-hyparquet.mjs", parquetFile);

    /// <summary>Makes DuckDB write its test files into a folder (write-duckdb.mjs); returns the listing.</summary>
    public static JsonElement WriteWithDuckDb(string folder) => RunJson("write-duckdb.mjs", folder);

    private static JsonElement RunJson(string script, string argument)
    {
        EnsureInstalled();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = InteropFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} {argument} did not finish within {Timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"node {script} {argument} exited with {process.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
        }

        using var document = JsonDocument.Parse(stdout.Result);
        return document.RootElement.Clone();
    }

    private static void EnsureInstalled()
    {
        const string install = "Run `npm ci --prefix tests/interop` (from the repository root) to install DuckDB and hyparquet for the interop tests.";
        foreach (var package in new[] { "@duckdb/node-api", "hyparquet" })
        {
            if (!Directory.Exists(Path.Combine(InteropFolder, "node_modules", package)))
            {
                Assert.Fail($"The npm package {package} is missing from {InteropFolder}/node_modules. {install}");
            }
        }

        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            node?.WaitForExit();
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"`node` is not on the PATH ({e.Message}); install Node.js 18 or later. {install}");
        }
    }

    private static string FindInteropFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No tests/interop/package.json above {AppContext.BaseDirectory}.");
    }
}
