using System.Text;

namespace CircuitBench.Models.Snapshots;

/// <summary>
/// The integrity gate stopped a run: a model's files differ from the lock file, or the model is not
/// locked. The message names each differing file and says how to re-lock if the change is intended.
/// </summary>
public sealed class ModelLockException : Exception
{
    /// <summary>Creates the exception for differing files.</summary>
    /// <param name="lockPath">The lock file.</param>
    /// <param name="discrepancies">What differs (at least one).</param>
    public ModelLockException(string lockPath, IReadOnlyList<LockDiscrepancy> discrepancies)
        : base(Compose(lockPath, discrepancies))
    {
        LockPath = lockPath;
        Discrepancies = discrepancies;
    }

    /// <summary>Creates the exception with a complete message (e.g. a model missing from the lock file).</summary>
    /// <param name="lockPath">The lock file.</param>
    /// <param name="message">The user-facing message.</param>
    public ModelLockException(string lockPath, string message) : base(message)
    {
        LockPath = lockPath;
        Discrepancies = [];
    }

    /// <summary>The lock file.</summary>
    public string LockPath { get; }

    /// <summary>What differs; empty when the model is not locked at all.</summary>
    public IReadOnlyList<LockDiscrepancy> Discrepancies { get; }

    /// <summary>The command that locks <paramref name="reference"/> into <paramref name="lockPath"/>.</summary>
    public static string LockCommand(string reference, string lockPath) =>
        $"circuit-bench models lock {reference} --lock-file {lockPath}";

    private static string Compose(string lockPath, IReadOnlyList<LockDiscrepancy> discrepancies)
    {
        var text = new StringBuilder($"Model files differ from the lock file '{lockPath}':").AppendLine();
        foreach (var discrepancy in discrepancies)
        {
            text.AppendLine($"  {discrepancy}");
        }
        text.Append("If the change is intended, re-lock with: ")
            .AppendJoin("; ", discrepancies.Select(d => d.Reference).Distinct(StringComparer.Ordinal).Select(reference => $"`{LockCommand(reference, lockPath)}`"));
        return text.ToString();
    }
}
