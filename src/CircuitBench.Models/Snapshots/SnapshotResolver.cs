namespace CircuitBench.Models.Snapshots;

/// <summary>
/// Resolves model references to snapshot folders, offline: a local folder as is, a hub id through the
/// HF cache layout (<c>refs/&lt;revision&gt;</c> → commit → <c>snapshots/&lt;commit&gt;/</c>; a 40-hex revision
/// is a commit). No network is ever used.
/// </summary>
/// <param name="cache">The hub cache to look in.</param>
public sealed class SnapshotResolver(HubCache cache)
{
    /// <summary>The hub cache this resolver looks in.</summary>
    public HubCache Cache { get; } = cache ?? throw new ArgumentNullException(nameof(cache));

    /// <summary>A resolver over the cache the environment points to (see <see cref="HubCache.FromEnvironment"/>).</summary>
    public static SnapshotResolver FromEnvironment() => new(HubCache.FromEnvironment());

    /// <summary>Parses and resolves <paramref name="reference"/>; relative folders are taken from the current directory.</summary>
    /// <exception cref="SnapshotException">The snapshot is missing (the message lists the paths looked at and how to
    /// place the files) or its files cannot be used.</exception>
    public ResolvedModel Resolve(string reference) => Resolve(ModelReference.Parse(reference));

    /// <summary>Resolves a parsed reference.</summary>
    /// <exception cref="SnapshotException">As for <see cref="Resolve(string)"/>.</exception>
    public ResolvedModel Resolve(ModelReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Folder is { } folder)
        {
            return SnapshotLayout.Inspect(folder, reference.Text, folder, null, null);
        }
        var repoId = reference.RepoId!;
        var revision = reference.Revision ?? ModelReference.DefaultRevision;
        var repoFolder = Cache.RepoFolder(repoId);
        var lookedAt = new List<string>();
        string commit;
        if (IsCommit(revision))
        {
            commit = revision.ToLowerInvariant();
        }
        else
        {
            var refFile = Path.Combine(repoFolder, "refs", revision);
            lookedAt.Add(refFile);
            if (!File.Exists(refFile))
            {
                throw MissingSnapshotMessage.Compose(reference, revision, Cache, repoFolder, lookedAt);
            }
            commit = File.ReadAllText(refFile).Trim();
            if (!IsCommit(commit))
            {
                throw new SnapshotException($"'{refFile}' should hold a 40-hex commit id, found '{commit}'.");
            }
        }
        var snapshot = Path.Combine(repoFolder, "snapshots", commit);
        lookedAt.Add(snapshot);
        if (!Directory.Exists(snapshot))
        {
            throw MissingSnapshotMessage.Compose(reference, revision, Cache, repoFolder, lookedAt);
        }
        return SnapshotLayout.Inspect(snapshot, reference.Text, repoId, revision, commit);
    }

    /// <summary>True for a full git commit id: 40 hexadecimal digits.</summary>
    public static bool IsCommit(string revision) =>
        revision.Length == 40 && revision.All(char.IsAsciiHexDigit);
}
