using System.CommandLine;
using System.Text.Json;
using CircuitBench.Cli.Commands;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Checkpoints;
using CircuitBench.Models.Loading;
using CircuitBench.Models.Snapshots;
using CircuitBench.Safetensors;
using CircuitBench.Tensors;

namespace CircuitBench.Cli.Tests;

/// <summary><c>logits</c> on a small random GPT-2 written to a temporary folder.</summary>
public sealed class LogitsCommandTests : IDisposable
{
    private static readonly ModelConfig Config = new(DModel: 16, NLayers: 2, NHeads: 2, DHead: 8, DMlp: 32, DVocab: 11, NCtx: 8);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"circuitbench-cli-logits-{Guid.NewGuid():N}");

    public LogitsCommandTests()
    {
        Directory.CreateDirectory(ModelFolder);
        ModelConfigJson.Write(Config, Path.Combine(ModelFolder, "config.json"));
        var writer = new SafetensorsWriter();
        foreach (var (name, tensor) in Gpt2Checkpoint.Write(WeightInit.Random(Config, seed: 3)))
            writer.Add(name, tensor.Data, [.. tensor.Shape]);
        writer.Write(Path.Combine(ModelFolder, "model.safetensors"));
    }

    private string ModelFolder => Path.Combine(_root, "model");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand { LogitsCommand.Create(new SnapshotResolver(new HubCache(Path.Combine(_root, "hub"), "test"))) };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Prints_the_last_position_logits_of_each_sequence_as_if_run_alone()
    {
        var (exit, output, error) = Run("logits", "--model", ModelFolder, "--tokens", "1,2,3,4", "--tokens", "5,6");
        Assert.True(exit == 0, error);
        var rows = JsonDocument.Parse(output).RootElement.GetProperty("logits").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        Assert.Equal(2, rows.Length);
        var model = ModelLoader.Load(ModelFolder);
        int[][] sequences = [[1, 2, 3, 4], [5, 6]];
        for (var i = 0; i < 2; i++)
        {
            var alone = model.Forward(new TokenBatch([sequences[i]]));
            var expected = alone.Data.Slice((sequences[i].Length - 1) * Config.DVocab, Config.DVocab).ToArray();
            Assert.Equal(Config.DVocab, rows[i].Length);
            for (var v = 0; v < Config.DVocab; v++) Assert.Equal(expected[v], rows[i][v], 5e-6f);
        }
    }

    [Fact]
    public void Bad_token_lists_and_out_of_vocabulary_ids_give_clear_errors()
    {
        var (exit, _, error) = Run("logits", "--model", ModelFolder, "--tokens", "1,x");
        Assert.NotEqual(0, exit);
        Assert.Contains("'x' is not a non-negative integer token id", error);
        Assert.Throws<ArgumentException>(() => LogitsCommand.LastLogits(ModelLoader.Load(ModelFolder), [[99]]));
    }

    [Fact]
    public void A_lock_mismatch_stops_the_run_and_names_the_file()
    {
        var lockPath = Path.Combine(_root, "models.lock.json");
        ModelLock.Write(lockPath, ModelFolder, new SnapshotResolver(new HubCache(Path.Combine(_root, "hub"), "test")));
        Assert.Equal(0, Run("logits", "--model", ModelFolder, "--tokens", "1", "--lock-file", lockPath).Exit);
        var weights = Path.Combine(ModelFolder, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0x55;
        File.WriteAllBytes(weights, bytes);
        var (exit, output, error) = Run("logits", "--model", ModelFolder, "--tokens", "1", "--lock-file", lockPath);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("model.safetensors", error);
    }
}
