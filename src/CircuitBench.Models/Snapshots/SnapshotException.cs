namespace CircuitBench.Models.Snapshots;

/// <summary>
/// A model reference cannot be resolved, or its files cannot be used: snapshot not found, pickle-only
/// checkpoint, inconsistent shard index, invalid <c>config.json</c>, or a weight of the wrong shape.
/// The message says which file (and field or tensor) is concerned and how to fix it; it is meant to be
/// shown to the user as is.
/// </summary>
public sealed class SnapshotException : Exception
{
    /// <summary>Creates the exception with a complete, user-facing message.</summary>
    public SnapshotException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a complete, user-facing message and the error that caused it.</summary>
    public SnapshotException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
