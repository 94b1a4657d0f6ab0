using CircuitBench.Models.Architecture;
using CircuitBench.Models.Checkpoints;
using CircuitBench.Models.Snapshots;
using CircuitBench.Tensors;

namespace CircuitBench.Models.Loading;

/// <summary>Builds a <see cref="HookedTransformer"/> from a model reference (local folder or hub id in the HF cache).</summary>
public static class ModelLoader
{
    /// <summary>Resolves <paramref name="reference"/> (no network) and loads it.</summary>
    public static HookedTransformer Load(string reference, SnapshotResolver? resolver = null) =>
        Load((resolver ?? SnapshotResolver.FromEnvironment()).Resolve(reference));

    /// <summary>Loads the config and weights of a resolved snapshot; a missing or misshapen tensor is an error naming it and the folder.</summary>
    public static HookedTransformer Load(ResolvedModel resolved)
    {
        var config = ModelConfigJson.Read(resolved.ConfigPath);
        using var weights = ModelWeights.Open(resolved, Gpt2WeightNames.Normalize);
        try
        {
            var tensors = Gpt2Checkpoint.Read(config, (name, shape) => weights.Contains(name)
                ? Tensor.FromArray(weights.ReadFloat32(name, shape.Select(d => (long)d).ToArray()), shape)
                : null);
            return new HookedTransformer(config, tensors);
        }
        catch (InvalidDataException e)
        {
            throw new SnapshotException($"{resolved.Folder}: {e.Message}", e);
        }
    }
}
