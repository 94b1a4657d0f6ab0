using CircuitBench.Models.Loading;

namespace CircuitBench.Models.Snapshots;

/// <summary>
/// The integrity gate: a lock file (JSON, default <c>models.lock.json</c>) pins, per model reference, the
/// resolved revision/commit and the SHA-256 of every file used (config, shard index, weights, tokenizer).
/// <see cref="Write"/> records a model, <see cref="Verify"/> compares, <see cref="Require"/> stops a run
/// on any difference. Relative folder references are resolved from the current directory.
/// </summary>
public static class ModelLock
{
    /// <summary>The default lock file name.</summary>
    public const string DefaultFileName = "models.lock.json";

    /// <summary>
    /// Resolves <paramref name="reference"/>, checks its config and weights load, hashes its files and records
    /// them in the lock file (created if absent; other entries kept), written atomically.
    /// </summary>
    /// <exception cref="SnapshotException">The model cannot be resolved or its files are unusable; nothing is written.</exception>
    public static LockedModel Write(string lockPath, string reference, SnapshotResolver resolver)
    {
        ArgumentException.ThrowIfNullOrEmpty(lockPath);
        ArgumentNullException.ThrowIfNull(resolver);
        var model = resolver.Resolve(reference);
        ModelConfigJson.Read(model.ConfigPath);
        ModelWeights.Open(model).Dispose(); // opening validates every shard against the index; no tensor is read
        var entry = LockedModel.Hash(model);
        var entries = File.Exists(lockPath) ? LockFileJson.Read(lockPath) : new SortedDictionary<string, LockedModel>(StringComparer.Ordinal);
        entries[entry.Reference] = entry;
        AtomicText.Write(lockPath, LockFileJson.Serialize(entries.Values));
        return entry;
    }

    /// <summary>
    /// Re-resolves and re-hashes the locked models (all of them, or only <paramref name="reference"/>) and
    /// lists every difference.
    /// </summary>
    /// <exception cref="ModelLockException">No lock file, or <paramref name="reference"/> is not in it.</exception>
    /// <exception cref="SnapshotException">A locked model can no longer be resolved.</exception>
    public static LockVerification Verify(string lockPath, string? reference, SnapshotResolver resolver)
    {
        ArgumentException.ThrowIfNullOrEmpty(lockPath);
        ArgumentNullException.ThrowIfNull(resolver);
        var fullPath = Path.GetFullPath(lockPath);
        if (!File.Exists(fullPath))
        {
            throw new ModelLockException(fullPath,
                $"There is no lock file at '{fullPath}'. Create it with `{ModelLockException.LockCommand(reference ?? "MODEL", fullPath)}`.");
        }
        var entries = LockFileJson.Read(fullPath);
        IEnumerable<LockedModel> selected = entries.Values;
        if (reference is not null)
        {
            if (!entries.TryGetValue(reference, out var entry))
            {
                var locked = entries.Count == 0 ? "none" : string.Join(", ", entries.Keys.Select(key => $"'{key}'"));
                throw new ModelLockException(fullPath,
                    $"Model '{reference}' is not in the lock file '{fullPath}' (locked: {locked}). "
                    + $"Lock it with `{ModelLockException.LockCommand(reference, fullPath)}`.");
            }
            selected = [entry];
        }
        return new LockVerification(fullPath, [.. selected.Select(entry => Check(entry, resolver.Resolve(entry.Reference)))]);
    }

    /// <summary>
    /// The gate before any computation: verifies <paramref name="reference"/> and returns the model as resolved,
    /// or throws.
    /// </summary>
    /// <exception cref="ModelLockException">A file differs, or the model is not locked.</exception>
    /// <exception cref="SnapshotException">The model can no longer be resolved.</exception>
    public static ResolvedModel Require(string lockPath, string reference, SnapshotResolver resolver)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var verification = Verify(lockPath, reference, resolver);
        verification.ThrowIfFailed();
        return verification.Models[0].Model;
    }

    private static VerifiedModel Check(LockedModel locked, ResolvedModel model)
    {
        var discrepancies = new List<LockDiscrepancy>();
        if (locked.Commit != model.Commit)
        {
            discrepancies.Add(new LockDiscrepancy(locked.Reference, "commit", model.Folder, LockDiscrepancyKind.CommitChanged, locked.Commit, model.Commit));
        }
        var used = model.FilesUsed.ToDictionary(path => LockedModel.RelativeName(model.Folder, path), StringComparer.Ordinal);
        var names = locked.Files.Keys.Union(used.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var path = used.TryGetValue(name, out var usedPath) ? usedPath : Path.Combine(model.Folder, name);
            var actual = File.Exists(path) ? FileHash.Sha256(path) : null;
            var expected = locked.Files.GetValueOrDefault(name);
            var kind = (expected, actual) switch
            {
                (null, _) => LockDiscrepancyKind.Extra,
                (_, null) => LockDiscrepancyKind.Missing,
                _ when expected != actual => LockDiscrepancyKind.Changed,
                _ => (LockDiscrepancyKind?)null,
            };
            if (kind is { } found)
            {
                discrepancies.Add(new LockDiscrepancy(locked.Reference, name, path, found, expected, actual));
            }
        }
        return new VerifiedModel(model, locked.Files.Count, discrepancies);
    }
}
