using CircuitBench.Circuits.Metrics;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Circuits.Data;

/// <summary>
/// A task dataset as token ids (auto-circuit's format, read by <see cref="DatasetReader"/>): its prompts in file order,
/// the file it came from with its SHA-256, and the warnings raised while reading it (e.g. multi-token answers cut to
/// their first token).
/// </summary>
public sealed record PromptDataset
{
    /// <summary>Creates a dataset; it must hold at least one prompt.</summary>
    public PromptDataset(string path, string sha256, IReadOnlyList<DatasetPrompt> prompts, IReadOnlyList<string> warnings)
    {
        if (prompts.Count == 0) throw new DatasetFormatException(path, null, "prompts", "the dataset has no prompts.");
        (Path, Sha256, Prompts, Warnings) = (path, sha256, prompts, warnings);
    }

    /// <summary>The file read (full path).</summary>
    public string Path { get; }

    /// <summary>Lowercase hex SHA-256 of the file's bytes.</summary>
    public string Sha256 { get; }

    /// <summary>The prompts in file order.</summary>
    public IReadOnlyList<DatasetPrompt> Prompts { get; }

    /// <summary>Warnings about the data (each names its prompt and field).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when every prompt's clean and corrupt have equal token lengths.</summary>
    public bool IsPaired => Prompts.All(p => p.IsPaired);

    /// <summary>
    /// Throws unless every prompt pairs clean and corrupt position by position (needed by resample ablation and by
    /// algorithms that interpolate between the two); the error names the first prompt that does not.
    /// </summary>
    public void RequirePairs(string why)
    {
        if (Prompts.FirstOrDefault(p => !p.IsPaired) is { } bad)
            throw new DatasetFormatException(Path, bad.Index, "corrupt",
                $"'clean' has {bad.Clean.Length} tokens but 'corrupt' has {bad.Corrupt.Length}; {why} pairs them position by position, so they need equal token lengths.");
    }

    /// <summary>
    /// The prompts in consecutive batches of at most <paramref name="batchSize"/>, in file order (deterministic; the last
    /// batch may be smaller). Rows are right-padded to the batch's longest prompt; padding is never attended to and each
    /// prompt's answer position is its own last real token. Corrupted batches are included when the dataset
    /// <see cref="IsPaired"/>, else they are null.
    /// </summary>
    public IReadOnlyList<PromptSet> Batches(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var paired = IsPaired;
        return Prompts.Chunk(batchSize).Select(chunk => new PromptSet(
            new TokenBatch([.. chunk.Select(p => p.Clean)]),
            paired ? new TokenBatch([.. chunk.Select(p => p.Corrupt)]) : null,
            [.. chunk.Select(p => p.Answers)],
            [.. chunk.Select(p => p.WrongAnswers)])).ToArray();
    }
}
