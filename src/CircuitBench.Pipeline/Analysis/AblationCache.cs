using System.Globalization;
using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Safetensors;
using CircuitBench.Tensors;

namespace CircuitBench.Pipeline.Analysis;

/// <summary>
/// The ablated source outputs of a dataset's batches as one safetensors file (float32, exactly the values computed):
/// per batch n (<c>resample</c>) tensors <c>batch{n}.input</c> [b, p, 1, d], <c>batch{n}.attn.{l}</c> [b, p, h, d],
/// <c>batch{n}.mlp.{l}</c> [b, p, 1, d]; or once for every batch (<c>mean</c> [1, 1, k, d], <c>mean-positional</c>
/// [1, p, k, d], <c>zero</c>) under the prefix <c>shared</c>. The metadata records the ablation, the batch count and
/// each batch's size and length; reading checks them against the batches asked for.
/// </summary>
public static class AblationCache
{
    private const string SharedPrefix = "shared";

    /// <summary>Computes every batch's ablated outputs from <paramref name="outputs"/> and writes them to <paramref name="path"/>.</summary>
    public static void Write(AblatedOutputs outputs, string path)
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["ablation"] = outputs.Kind.ToString();
        writer.Metadata["batches"] = Text(outputs.Batches.Count);
        writer.Metadata["shapes"] = Shapes(outputs.Batches);
        writer.Metadata["shared"] = outputs.IsShared ? "true" : "false";
        if (outputs.IsShared) Add(writer, SharedPrefix, outputs.ForBatch(0));
        else
            for (var n = 0; n < outputs.Batches.Count; n++) Add(writer, Prefix(n), outputs.ForBatch(n));
        writer.Write(path);
    }

    /// <summary>
    /// The ablated outputs of <paramref name="batches"/> read from <paramref name="path"/>, each batch when first asked for.
    /// </summary>
    /// <exception cref="ArgumentException">The file was written for another ablation or other batches.</exception>
    public static AblatedOutputs Read(string path, ModelConfig config, AblationKind kind, IReadOnlyList<PromptSet> batches)
    {
        bool shared;
        using (var file = SafetensorsFile.Open(path))
        {
            var expected = new Dictionary<string, string>
            {
                ["ablation"] = kind.ToString(), ["batches"] = Text(batches.Count), ["shapes"] = Shapes(batches),
            };
            foreach (var (key, value) in expected)
                if (!file.Metadata.TryGetValue(key, out var found) || found != value)
                    throw new ArgumentException($"Ablation cache '{path}' was written for {key} '{found ?? "(none)"}', not '{value}'; rebuild the activations stage (delete the entry).");
            shared = file.Metadata.TryGetValue("shared", out var flag) && flag == "true";
        }
        return AblatedOutputs.Cached(kind, batches, shared, n =>
        {
            using var file = SafetensorsFile.Open(path);
            var prefix = shared ? SharedPrefix : Prefix(n);
            return new SourceActivations(
                Load(file, $"{prefix}.input"),
                [.. Enumerable.Range(0, config.NLayers).Select(l => Load(file, $"{prefix}.attn.{l}"))],
                [.. Enumerable.Range(0, config.NLayers).Select(l => config.AttnOnly ? null : Load(file, $"{prefix}.mlp.{l}"))]);
        });
    }

    private static void Add(SafetensorsWriter writer, string prefix, SourceActivations outputs)
    {
        Put(writer, $"{prefix}.input", outputs.Input);
        for (var l = 0; l < outputs.Heads.Count; l++)
        {
            Put(writer, $"{prefix}.attn.{l}", outputs.Heads[l]);
            if (outputs.Mlps[l] is { } mlp) Put(writer, $"{prefix}.mlp.{l}", mlp);
        }
    }

    private static void Put(SafetensorsWriter writer, string name, Tensor tensor) =>
        writer.Add(name, tensor.Data, [.. tensor.Shape.ToArray().Select(s => (long)s)]);

    private static Tensor Load(SafetensorsFile file, string name) =>
        Tensor.FromArray(file.ReadFloat32(name), [.. file[name].Shape.Select(s => checked((int)s))]);

    private static string Prefix(int batch) => $"batch{Text(batch)}";

    private static string Shapes(IReadOnlyList<PromptSet> batches) =>
        string.Join(",", batches.Select(b => $"{Text(b.Clean.Batch)}x{Text(b.Clean.Seq)}"));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
