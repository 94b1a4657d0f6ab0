namespace CircuitBench.Models.Snapshots;

/// <summary>How a model's files differ from its lock entry.</summary>
public enum LockDiscrepancyKind
{
    /// <summary>The file's SHA-256 differs from the locked one.</summary>
    Changed,

    /// <summary>A locked file no longer exists.</summary>
    Missing,

    /// <summary>The model now uses a file the lock does not list (e.g. a new shard or tokenizer file).</summary>
    Extra,

    /// <summary>The revision now resolves to another commit.</summary>
    CommitChanged,
}

/// <summary>One difference between a model's files and its lock entry.</summary>
/// <param name="Reference">The model reference (lock entry key).</param>
/// <param name="Item">The file's path relative to the snapshot folder, or <c>commit</c>.</param>
/// <param name="Path">The file's full path, or the snapshot folder for <see cref="LockDiscrepancyKind.CommitChanged"/>.</param>
/// <param name="Kind">What differs.</param>
/// <param name="Expected">The locked SHA-256 or commit, or null for an extra file.</param>
/// <param name="Actual">The current SHA-256 or commit, or null for a missing file.</param>
public sealed record LockDiscrepancy(string Reference, string Item, string Path, LockDiscrepancyKind Kind, string? Expected, string? Actual)
{
    /// <summary>One line for people, naming the file and both hashes.</summary>
    public override string ToString() => Kind switch
    {
        LockDiscrepancyKind.Changed => $"{Reference}: '{Path}' changed: locked sha256 {Expected}, found {Actual}",
        LockDiscrepancyKind.Missing => $"{Reference}: '{Path}' is missing (locked sha256 {Expected})",
        LockDiscrepancyKind.Extra => $"{Reference}: '{Path}' is used but not locked (sha256 {Actual})",
        _ => $"{Reference}: revision now resolves to commit {Actual}, locked {Expected} ('{Path}')",
    };
}
