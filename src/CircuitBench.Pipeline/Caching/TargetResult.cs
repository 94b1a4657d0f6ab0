namespace CircuitBench.Pipeline.Caching;

/// <summary>How a target was obtained.</summary>
public enum TargetStatus
{
    /// <summary>A verified entry with this key was already in the cache.</summary>
    Cached,

    /// <summary>Built now (no entry with this key, or the entry was damaged and was rebuilt).</summary>
    Built,
}

/// <summary>A target's entry after <see cref="ArtifactCache.GetOrBuild"/>.</summary>
/// <param name="Status">cached or built.</param>
/// <param name="Reason">Why (e.g. "key unchanged", "new target", "field 'ablation' changed: resample → mean", "damaged entry: …").</param>
/// <param name="Folder">The entry's folder (read-only from here on).</param>
/// <param name="Manifest">The entry's manifest.</param>
public sealed record TargetResult(TargetStatus Status, string Reason, string Folder, Manifest Manifest)
{
    /// <summary>The hash downstream keys read.</summary>
    public string ContentHash => Manifest.ContentHash;

    /// <summary>The full path of output <paramref name="name"/>.</summary>
    public string File(string name) => Path.Combine(Folder, name);
}

/// <summary>What a target would do now, without building it (for <c>explain</c> and <c>--dry-run</c>).</summary>
/// <param name="UpToDate">True when a verified entry with the current key exists.</param>
/// <param name="Reasons">Why it is stale (each changed input), or why it is up to date.</param>
public sealed record TargetState(bool UpToDate, IReadOnlyList<string> Reasons);
