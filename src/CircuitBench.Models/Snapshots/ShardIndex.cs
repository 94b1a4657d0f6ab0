using CircuitBench.Safetensors;

namespace CircuitBench.Models.Snapshots;

/// <summary>
/// A sharded checkpoint's <c>model.safetensors.index.json</c>: <c>weight_map</c> maps each tensor name to
/// the shard file (in the same folder) that holds it. Duplicate tensor names are refused.
/// </summary>
/// <param name="Path">The index file.</param>
/// <param name="WeightMap">Tensor name → shard file name.</param>
internal sealed record ShardIndex(string Path, IReadOnlyDictionary<string, string> WeightMap)
{
    /// <summary>The index's file name in a snapshot folder.</summary>
    public const string FileName = "model.safetensors.index.json";

    /// <summary>The shard file names, distinct, sorted ordinally.</summary>
    public IReadOnlyList<string> ShardFileNames =>
        [.. WeightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Reads an index; shard names must be plain file names.</summary>
    /// <exception cref="SnapshotException">Invalid JSON, a missing or ill-typed <c>weight_map</c>, a duplicate
    /// tensor, or a shard name that is not a file of this folder.</exception>
    public static ShardIndex Read(string path)
    {
        using var document = JsonFields.ParseObjectFile(path);
        var weightMap = new JsonFields(path, document.RootElement).Object("weight_map");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in weightMap.Properties())
        {
            var shard = weightMap.StringValue(property);
            if (shard.Length == 0 || shard is "." or ".." || shard.IndexOfAny(['/', '\\']) >= 0)
            {
                throw weightMap.Error(property.Name, $"maps to '{shard}', which is not a file name in the index's folder.");
            }
            map.Add(property.Name, shard);
        }
        if (map.Count == 0)
        {
            throw new SnapshotException($"'{path}': 'weight_map' is empty; the index must map every tensor to its shard.");
        }
        return new ShardIndex(path, map);
    }

    /// <summary>Checks <c>weight_map</c> maps <paramref name="tensorName"/>, found in <paramref name="shardPath"/>, to that shard.</summary>
    /// <exception cref="SnapshotException">The tensor is unmapped, or mapped to another shard (e.g. it is stored twice).</exception>
    public void RequireMapsTo(string tensorName, string shardPath)
    {
        var shard = System.IO.Path.GetFileName(shardPath);
        if (!WeightMap.TryGetValue(tensorName, out var mapped))
        {
            throw new SnapshotException(
                $"'{Path}': tensor '{tensorName}' of shard '{shard}' is missing from 'weight_map'; the index must map every weight.");
        }
        if (mapped != shard)
        {
            throw new SnapshotException(
                $"'{Path}': 'weight_map' maps tensor '{tensorName}' to '{mapped}', yet shard '{shard}' stores it; "
                + "each tensor must be stored once, in the shard the index names.");
        }
    }

    /// <summary>Checks every mapped tensor is stored in its shard.</summary>
    /// <exception cref="SnapshotException">A mapped tensor is absent from its shard, or its shard was not opened.</exception>
    public void RequireAllPresent(IEnumerable<SafetensorsFile> shards)
    {
        var byName = shards.ToDictionary(file => System.IO.Path.GetFileName(file.FilePath), StringComparer.Ordinal);
        foreach (var (tensor, shard) in WeightMap.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(shard, out var file) || !file.TryGetTensor(tensor, out _))
            {
                throw new SnapshotException($"'{Path}': 'weight_map' maps tensor '{tensor}' to '{shard}', which does not store it.");
            }
        }
    }
}
