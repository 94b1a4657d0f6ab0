namespace CircuitBench.Models.Snapshots;

/// <summary>
/// Which files of a snapshot folder a model uses, in Hugging Face's order of preference:
/// <c>config.json</c>; weights from <c>model.safetensors</c>, else the shards listed by
/// <c>model.safetensors.index.json</c>; the tokenizer files present. Pickle checkpoints are refused by name.
/// </summary>
public static class SnapshotLayout
{
    /// <summary>The single-file weights name.</summary>
    public const string WeightsFileName = "model.safetensors";

    /// <summary>The shard index name.</summary>
    public const string IndexFileName = ShardIndex.FileName;

    /// <summary>Tokenizer files recorded when present, sorted by name.</summary>
    public static IReadOnlyList<string> TokenizerFileNames { get; } =
        ["added_tokens.json", "merges.txt", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.json"];

    /// <summary>Lists the files of <paramref name="folder"/> the model uses.</summary>
    /// <exception cref="SnapshotException">No config, no safetensors weights (pickle-only folders are refused),
    /// an index naming a pickle or a missing shard.</exception>
    internal static ResolvedModel Inspect(string folder, string reference, string id, string? revision, string? commit)
    {
        var configPath = Path.Combine(folder, ModelConfigJson.FileName);
        if (!File.Exists(configPath))
        {
            throw new SnapshotException(
                $"Model folder '{folder}' has no {ModelConfigJson.FileName}; {Contents(folder)} "
                + $"A model folder needs {ModelConfigJson.FileName} and {WeightsFileName} (or {IndexFileName} with its shards).");
        }
        var (indexPath, weightFiles) = Weights(folder);
        var tokenizerFiles = TokenizerFileNames.Select(name => Path.Combine(folder, name)).Where(File.Exists).ToArray();
        return new ResolvedModel(reference, id, revision, commit, folder, configPath, indexPath, weightFiles, tokenizerFiles);
    }

    private static (string? IndexPath, string[] WeightFiles) Weights(string folder)
    {
        var single = Path.Combine(folder, WeightsFileName);
        if (File.Exists(single))
        {
            return (null, [single]);
        }
        var indexPath = Path.Combine(folder, IndexFileName);
        if (File.Exists(indexPath))
        {
            var index = ShardIndex.Read(indexPath);
            if (index.ShardFileNames.FirstOrDefault(PickleRefusal.IsPickleName) is { } pickle)
            {
                throw PickleRefusal.Refuse($"'{indexPath}', which maps tensors to the pickle file '{pickle}'", folder);
            }
            var shards = index.ShardFileNames.Select(name => Path.Combine(folder, name)).ToArray();
            if (shards.FirstOrDefault(shard => !File.Exists(shard)) is { } missing)
            {
                throw new SnapshotException(
                    $"'{indexPath}' maps tensors to '{Path.GetFileName(missing)}', but '{missing}' does not exist; copy every shard the index lists.");
            }
            return (indexPath, shards);
        }
        var pickles = Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(PickleRefusal.IsPickleName).Order(StringComparer.Ordinal).ToArray();
        if (pickles.Length > 0)
        {
            throw PickleRefusal.Refuse($"'{folder}': its only weights are pickle files ({string.Join(", ", pickles)})", folder);
        }
        throw new SnapshotException(
            $"Model folder '{folder}' has no weights: neither {WeightsFileName} nor {IndexFileName}; {Contents(folder)}");
    }

    private static string Contents(string folder)
    {
        var names = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        return names.Length == 0 ? "the folder is empty." : $"it holds: {string.Join(", ", names)}.";
    }
}
