using System.Text.Json;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Checkpoints;
using CircuitBench.Models.Snapshots;
using CircuitBench.Safetensors;

namespace CircuitBench.Pipeline.Tests.Stages;

/// <summary>A temporary folder with a small random GPT-2 folder, an id-only paired dataset and a sweep over them.</summary>
public sealed class SweepFixture : IDisposable
{
    private static readonly ModelConfig Config = new(DModel: 16, NLayers: 2, NHeads: 2, DHead: 8, DMlp: 32, DVocab: 11, NCtx: 8);

    public SweepFixture()
    {
        Directory.CreateDirectory(ModelFolder);
        ModelConfigJson.Write(Config, Path.Combine(ModelFolder, "config.json"));
        var weights = WeightInit.Random(Config, seed: 5);
        foreach (var (_, tensor) in weights.Named())
            if (tensor.Rank == 2) System.Numerics.Tensors.TensorPrimitives.Multiply(tensor.Data, 15f, tensor.Data);
        var writer = new SafetensorsWriter();
        foreach (var (name, tensor) in Gpt2Checkpoint.Write(weights)) writer.Add(name, tensor.Data, [.. tensor.Shape]);
        writer.Write(Path.Combine(ModelFolder, "model.safetensors"));
        (int[] Clean, int[] Corrupt, int Answer, int Wrong)[] prompts =
        [
            ([1, 2, 3, 4], [1, 5, 3, 4], 6, 7), ([2, 8, 4], [2, 9, 4], 1, 3), ([5, 1, 7, 2, 9], [5, 1, 10, 2, 9], 4, 8), ([3, 3, 6, 1], [3, 0, 6, 1], 2, 5),
        ];
        File.WriteAllText(DatasetPath, JsonSerializer.Serialize(new
        {
            prompts = prompts.Select(p => new { clean = p.Clean, corrupt = p.Corrupt, answers = new[] { p.Answer }, wrong_answers = new[] { p.Wrong } }),
        }));
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"circuitbench-sweep-{Guid.NewGuid():N}");

    public string ModelFolder => Path.Combine(Root, "model");

    public string DatasetPath => Path.Combine(Root, "dataset.json");

    /// <summary>A sweep file over the fixture's model with <paramref name="algorithms"/> and <paramref name="ablations"/>;
    /// <paramref name="cacheActivations"/> sets <c>cache_activations</c> in the defaults.</summary>
    public string WriteSweep(string algorithms = "[eap, exact]", string ablations = "[resample, zero]", string name = "sweep.yaml", bool cacheActivations = false)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, $"""
            name: test
            axes:
              models: [{ModelFolder}]
              tasks: [induction]
              algorithms: {algorithms}
              ablations: {ablations}
              metrics: [logit-diff]
            defaults:
              dataset: {DatasetPath}
              batch_size: 2
              sizes: [0.1, 0.5, 1]
              cache_activations: {(cacheActivations ? "true" : "false")}
            """);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
