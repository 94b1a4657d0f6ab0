using CircuitBench.Models.Snapshots;
using CircuitBench.Safetensors;

namespace CircuitBench.Models.Loading;

/// <summary>
/// The weights of a resolved model: every safetensors shard opened (memory-mapped) and one name → tensor
/// map over all of them. Opening checks the shard index is consistent: each tensor in exactly one shard,
/// the one the index names, and every indexed tensor present. Reads convert to float32 and check the shape
/// the caller expects.
/// </summary>
/// <example>
/// <code>
/// using var weights = ModelWeights.Open(resolver.Resolve("gpt2"), Gpt2WeightNames.Normalize);
/// var wte = weights.ReadFloat32("wte.weight", [config.DVocab, config.DModel]);
/// </code>
/// </example>
public sealed class ModelWeights : IDisposable
{
    private readonly SafetensorsFile[] _files;
    private readonly Dictionary<string, (WeightLocation Location, SafetensorsFile File)> _byName;

    private ModelWeights(SafetensorsFile[] files, Dictionary<string, (WeightLocation, SafetensorsFile)> byName)
    {
        _files = files;
        _byName = byName;
        Names = [.. byName.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>All weight names (normalised), sorted ordinally.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Opens every weight file of <paramref name="model"/>.</summary>
    /// <param name="model">The resolved model.</param>
    /// <param name="normalizeName">Maps stored tensor names to lookup names (e.g. <see cref="Gpt2WeightNames.Normalize"/>); identity when null.
    /// Two stored names mapping to one lookup name are an error.</param>
    /// <exception cref="SnapshotException">The shard index and the shards disagree, or a name is stored twice.</exception>
    /// <exception cref="SafetensorsFormatException">A weight file is not valid safetensors.</exception>
    public static ModelWeights Open(ResolvedModel model, Func<string, string>? normalizeName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        normalizeName ??= static name => name;
        var index = model.IndexPath is null ? null : ShardIndex.Read(model.IndexPath);
        var files = new List<SafetensorsFile>();
        try
        {
            var byName = new Dictionary<string, (WeightLocation, SafetensorsFile)>(StringComparer.Ordinal);
            foreach (var path in model.WeightFiles)
            {
                var file = SafetensorsFile.Open(path);
                files.Add(file);
                foreach (var tensor in file.Tensors)
                {
                    index?.RequireMapsTo(tensor.Name, path);
                    var name = normalizeName(tensor.Name);
                    if (byName.TryGetValue(name, out var other))
                    {
                        throw new SnapshotException(
                            $"Weight '{name}' is stored twice: as '{other.Item1.Tensor.Name}' in '{other.Item1.FilePath}' and as '{tensor.Name}' in '{path}'.");
                    }
                    byName.Add(name, (new WeightLocation(name, path, tensor), file));
                }
            }
            index?.RequireAllPresent(files);
            return new ModelWeights([.. files], byName);
        }
        catch
        {
            files.ForEach(file => file.Dispose());
            throw;
        }
    }

    /// <summary>True when a weight of that (normalised) name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Where the weight <paramref name="name"/> is stored.</summary>
    /// <exception cref="SnapshotException">No such weight; the message lists similar names.</exception>
    public WeightLocation Locate(string name) => Entry(name).Location;

    /// <summary>Reads a weight as float32 into a new array, after checking its shape.</summary>
    /// <exception cref="SnapshotException">No such weight, or its shape differs from <paramref name="expectedShape"/>.</exception>
    public float[] ReadFloat32(string name, ReadOnlySpan<long> expectedShape)
    {
        var (location, file) = Checked(name, expectedShape);
        return file.ReadFloat32(location.Tensor.Name);
    }

    /// <summary>Reads a weight as float32 into <paramref name="destination"/> (length = element count), after checking its shape.</summary>
    /// <exception cref="SnapshotException">No such weight, or its shape differs from <paramref name="expectedShape"/>.</exception>
    public void ReadFloat32(string name, ReadOnlySpan<long> expectedShape, Span<float> destination)
    {
        var (location, file) = Checked(name, expectedShape);
        file.ReadFloat32(location.Tensor.Name, destination);
    }

    /// <summary>Releases every shard's memory map.</summary>
    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }

    private (WeightLocation Location, SafetensorsFile File) Checked(string name, ReadOnlySpan<long> expectedShape)
    {
        var entry = Entry(name);
        var found = entry.Location.Tensor.Shape;
        if (!expectedShape.SequenceEqual([.. found]))
        {
            throw new SnapshotException(
                $"Weight '{name}' in '{entry.Location.FilePath}': expected shape [{string.Join(", ", expectedShape.ToArray())}], "
                + $"found [{string.Join(", ", found)}]. Does config.json match the checkpoint?");
        }
        return entry;
    }

    private (WeightLocation Location, SafetensorsFile File) Entry(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out var entry))
        {
            return entry;
        }
        var similar = Names.OrderByDescending(known => known.AsSpan().CommonPrefixLength(name)).ThenBy(known => known, StringComparer.Ordinal).Take(5);
        throw new SnapshotException(
            $"No weight named '{name}' among the model's {Names.Count} weights (e.g. {string.Join(", ", similar.Select(s => $"'{s}'"))}).");
    }
}
