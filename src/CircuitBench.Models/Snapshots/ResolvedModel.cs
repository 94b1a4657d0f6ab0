namespace CircuitBench.Models.Snapshots;

/// <summary>
/// A model reference resolved to files on disk (nothing opened yet beyond a shard index).
/// All paths are full paths.
/// </summary>
/// <param name="Reference">The reference as given.</param>
/// <param name="Id">The hub id, or the folder's full path for a local folder.</param>
/// <param name="Revision">The revision asked for (default <c>main</c>) for a hub id; null for a local folder.</param>
/// <param name="Commit">The commit the revision resolved to for a hub id; null for a local folder.</param>
/// <param name="Folder">The snapshot folder holding the files.</param>
/// <param name="ConfigPath">The <c>config.json</c>.</param>
/// <param name="IndexPath">The shard index <c>model.safetensors.index.json</c>, or null for a single weight file.</param>
/// <param name="WeightFiles">The safetensors weight files, sorted by name.</param>
/// <param name="TokenizerFiles">The tokenizer files present (<see cref="SnapshotLayout.TokenizerFileNames"/>), sorted by name.</param>
public sealed record ResolvedModel(
    string Reference,
    string Id,
    string? Revision,
    string? Commit,
    string Folder,
    string ConfigPath,
    string? IndexPath,
    IReadOnlyList<string> WeightFiles,
    IReadOnlyList<string> TokenizerFiles)
{
    /// <summary>Every file the model uses: config, shard index, weights and tokenizer files.</summary>
    public IReadOnlyList<string> FilesUsed =>
        [ConfigPath, .. IndexPath is null ? Array.Empty<string>() : [IndexPath], .. WeightFiles, .. TokenizerFiles];
}
