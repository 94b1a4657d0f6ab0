using System.CommandLine;
using System.Text.Json;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Checkpoints;
using CircuitBench.Models.Snapshots;
using CircuitBench.Safetensors;

namespace CircuitBench.Cli.Tests;

/// <summary>
/// A temporary folder holding a small random GPT-2 (no tokenizer files) and an id-only dataset in auto-circuit's
/// format; runs the command line.
/// </summary>
public sealed class AnalysisFixture : IDisposable
{
    public static readonly ModelConfig Config = new(DModel: 16, NLayers: 2, NHeads: 2, DHead: 8, DMlp: 32, DVocab: 11, NCtx: 8);

    public AnalysisFixture()
    {
        Directory.CreateDirectory(ModelFolder);
        ModelConfigJson.Write(Config, Path.Combine(ModelFolder, "config.json"));
        var weights = WeightInit.Random(Config, seed: 5);
        // Larger than GPT-2's 0.02 so that edges have visibly different effects.
        foreach (var (_, tensor) in weights.Named())
            if (tensor.Rank == 2) System.Numerics.Tensors.TensorPrimitives.Multiply(tensor.Data, 15f, tensor.Data);
        var writer = new SafetensorsWriter();
        foreach (var (name, tensor) in Gpt2Checkpoint.Write(weights))
            writer.Add(name, tensor.Data, [.. tensor.Shape]);
        writer.Write(Path.Combine(ModelFolder, "model.safetensors"));
        File.WriteAllText(DatasetPath, DatasetJson(Prompts));
    }

    /// <summary>(clean, corrupt, answer, wrong answer) of the dataset: clean and corrupt of equal lengths, lengths varying across prompts.</summary>
    public static readonly (int[] Clean, int[] Corrupt, int Answer, int Wrong)[] Prompts =
    [
        ([1, 2, 3, 4], [1, 5, 3, 4], 6, 7),
        ([2, 8, 4], [2, 9, 4], 1, 3),
        ([5, 1, 7, 2, 9], [5, 1, 10, 2, 9], 4, 8),
        ([3, 3, 6, 1], [3, 0, 6, 1], 2, 5),
        ([7, 4, 2], [7, 6, 2], 9, 10),
    ];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"circuitbench-cli-analysis-{Guid.NewGuid():N}");

    public string ModelFolder => Path.Combine(Root, "model");

    public string DatasetPath => Path.Combine(Root, "dataset.json");

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public static string DatasetJson(IEnumerable<(int[] Clean, int[] Corrupt, int Answer, int Wrong)> prompts) => JsonSerializer.Serialize(new
    {
        prompts = prompts.Select(p => new { clean = p.Clean, corrupt = p.Corrupt, answers = new[] { p.Answer }, wrong_answers = new[] { p.Wrong } }),
    });

    /// <summary>Writes <paramref name="json"/> to a file in the folder and returns its path.</summary>
    public string WriteFile(string name, string json)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Runs the circuit-bench command line as <see cref="Program.Main"/> does, capturing its output.</summary>
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.Run(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The files under the folder, relative, sorted (to check that a failed command wrote nothing).</summary>
    public string[] Files() => [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal)];
}
