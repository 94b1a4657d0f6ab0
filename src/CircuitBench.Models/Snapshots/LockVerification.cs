namespace CircuitBench.Models.Snapshots;

/// <summary>The result of checking one model against its lock entry.</summary>
/// <param name="Model">The model as resolved now.</param>
/// <param name="FileCount">How many files the lock entry lists.</param>
/// <param name="Discrepancies">Every difference found, files in path order; empty when the model matches.</param>
public sealed record VerifiedModel(ResolvedModel Model, int FileCount, IReadOnlyList<LockDiscrepancy> Discrepancies)
{
    /// <summary>True when nothing differs.</summary>
    public bool IsOk => Discrepancies.Count == 0;
}

/// <summary>The result of checking models against a lock file.</summary>
/// <param name="LockPath">The lock file's full path.</param>
/// <param name="Models">Each model checked, in reference order.</param>
public sealed record LockVerification(string LockPath, IReadOnlyList<VerifiedModel> Models)
{
    /// <summary>True when every model matches its entry.</summary>
    public bool IsOk => Models.All(model => model.IsOk);

    /// <summary>Every difference found, model by model.</summary>
    public IEnumerable<LockDiscrepancy> Discrepancies => Models.SelectMany(model => model.Discrepancies);

    /// <summary>Throws when anything differs.</summary>
    /// <exception cref="ModelLockException">Some file differs; the message names it and says how to re-lock.</exception>
    public void ThrowIfFailed()
    {
        if (!IsOk)
        {
            throw new ModelLockException(LockPath, [.. Discrepancies]);
        }
    }
}
