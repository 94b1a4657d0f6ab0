using System.Text;

namespace CircuitBench.Models.Snapshots;

/// <summary>The error for a hub id with no local snapshot: where it looked, what the cache does hold, and how to place the files.</summary>
internal static class MissingSnapshotMessage
{
    public static SnapshotException Compose(ModelReference reference, string revision, HubCache cache, string repoFolder, IReadOnlyList<string> lookedAt)
    {
        var repoId = reference.RepoId!;
        var text = new StringBuilder()
            .Append($"Model '{reference.Text}' (hub id '{repoId}', revision '{revision}') is not in the local Hugging Face cache, ")
            .AppendLine("and CircuitBench never downloads.")
            .AppendLine($"Hub cache: {cache.Root} (from {cache.Source}).")
            .AppendLine("Looked at:");
        foreach (var path in lookedAt)
        {
            text.AppendLine($"  {path} (missing)");
        }
        AppendAvailable(text, Path.Combine(repoFolder, "snapshots"), "Snapshots present", Directory.EnumerateDirectories);
        AppendAvailable(text, Path.Combine(repoFolder, "refs"), "Refs present", folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
        var downloadOptions = (revision == ModelReference.DefaultRevision ? "" : $" --revision {revision}")
            + " --include \"*.json\" \"*.safetensors\" \"*.txt\"";
        text.AppendLine("To place the files, either:")
            .AppendLine($"  - on a machine with network access run `huggingface-cli download {repoId}{downloadOptions}`")
            .AppendLine($"    and copy its cache folder '{Path.GetFileName(repoFolder)}' (with blobs/, refs/ and snapshots/) into {cache.Root}")
            .AppendLine("    (or point HF_HUB_CACHE / HF_HOME at a copied cache); or")
            .AppendLine($"  - run `huggingface-cli download {repoId}{downloadOptions} --local-dir DIR` there, copy DIR here")
            .Append($"    (at least {ModelConfigJson.FileName} and {SnapshotLayout.WeightsFileName}) and pass the folder path as the model.");
        return new SnapshotException(text.ToString());
    }

    private static void AppendAvailable(StringBuilder text, string folder, string label, Func<string, IEnumerable<string>> list)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }
        var entries = list(folder).Select(path => Path.GetRelativePath(folder, path)).Order(StringComparer.Ordinal).ToArray();
        if (entries.Length > 0)
        {
            text.AppendLine($"{label} in {folder}: {string.Join(", ", entries)}");
        }
    }
}
