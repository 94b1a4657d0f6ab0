namespace CircuitBench.Models.Snapshots;

/// <summary>One model's entry in a lock file.</summary>
/// <param name="Reference">The reference as given to <c>lock</c> (the entry's key).</param>
/// <param name="Id">The hub id, or the folder's full path for a local folder.</param>
/// <param name="Revision">The revision asked for (hub ids), or null.</param>
/// <param name="Commit">The commit it resolved to (hub ids), or null.</param>
/// <param name="Files">Path relative to the snapshot folder ('/'-separated) → lowercase hex SHA-256, for every file used.</param>
public sealed record LockedModel(
    string Reference,
    string Id,
    string? Revision,
    string? Commit,
    IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Hashes every file <paramref name="model"/> uses.</summary>
    public static LockedModel Hash(ResolvedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var files = model.FilesUsed.ToDictionary(path => RelativeName(model.Folder, path), FileHash.Sha256, StringComparer.Ordinal);
        return new LockedModel(model.Reference, model.Id, model.Revision, model.Commit, files);
    }

    /// <summary>The '/'-separated path of <paramref name="path"/> relative to <paramref name="folder"/>.</summary>
    internal static string RelativeName(string folder, string path) =>
        Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
}
