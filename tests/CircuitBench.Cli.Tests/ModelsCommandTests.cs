using System.CommandLine;
using System.Text.Json;
using CircuitBench.Cli.Commands;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Snapshots;
using CircuitBench.Safetensors;

namespace CircuitBench.Cli.Tests;

/// <summary><c>models lock | verify | show</c> on model folders and a hub cache written by the tests.</summary>
public sealed class ModelsCommandTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"circuitbench-cli-models-{Guid.NewGuid():N}");

    public ModelsCommandTests()
    {
        Directory.CreateDirectory(_root);
        CacheRoot = Path.Combine(_root, "hub");
        LockPath = Path.Combine(_root, "models.lock.json");
    }

    private string CacheRoot { get; }

    private string LockPath { get; }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A folder with config.json and a one-tensor model.safetensors.</summary>
    private static string WriteModel(string folder)
    {
        Directory.CreateDirectory(folder);
        ModelConfigJson.Write(new ModelConfig(DModel: 4, NLayers: 1, NHeads: 1, DHead: 4, DMlp: 16, DVocab: 5, NCtx: 3), Path.Combine(folder, "config.json"));
        var writer = new SafetensorsWriter();
        writer.Add("wte.weight", new float[20], [5, 4]);
        writer.Write(Path.Combine(folder, "model.safetensors"));
        return folder;
    }

    private (int Exit, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand { ModelsCommand.Create(new SnapshotResolver(new HubCache(CacheRoot, "$HF_HUB_CACHE"))) };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Show_prints_the_resolved_paths_and_the_config_as_json()
    {
        var folder = WriteModel(Path.Combine(_root, "toy"));

        var (exit, output, error) = Run("models", "show", folder);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(folder, root.GetProperty("folder").GetString());
        Assert.Equal(Path.Combine(folder, "config.json"), root.GetProperty("config_path").GetString());
        Assert.Equal([Path.Combine(folder, "model.safetensors")], root.GetProperty("weight_files").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("commit").ValueKind);
        Assert.Equal("gpt2", root.GetProperty("config").GetProperty("model_type").GetString());
        Assert.Equal(16, root.GetProperty("config").GetProperty("n_inner").GetInt32());
    }

    [Fact]
    public void Show_resolves_hub_ids_in_the_cache()
    {
        var snapshot = WriteModel(Path.Combine(CacheRoot, "models--org--toy", "snapshots", Commit));
        Directory.CreateDirectory(Path.Combine(CacheRoot, "models--org--toy", "refs"));
        File.WriteAllText(Path.Combine(CacheRoot, "models--org--toy", "refs", "main"), Commit);

        var (exit, output, error) = Run("models", "show", "org/toy");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(Commit, json.RootElement.GetProperty("commit").GetString());
        Assert.Equal(snapshot, json.RootElement.GetProperty("folder").GetString());
    }

    [Fact]
    public void Lock_then_verify_passes_then_fails_naming_the_changed_file()
    {
        var folder = WriteModel(Path.Combine(_root, "toy"));

        var locked = Run("models", "lock", folder, "--lock-file", LockPath);
        Assert.True(locked.Exit == 0, locked.Error);
        Assert.Contains($"locked {folder}: 2 files -> {LockPath}", locked.Output, StringComparison.Ordinal);

        var verified = Run("models", "verify", "--lock-file", LockPath);
        Assert.True(verified.Exit == 0, verified.Error);
        Assert.Contains($"ok {folder}: 2 files match", verified.Output, StringComparison.Ordinal);

        var weights = Path.Combine(folder, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(weights, bytes);

        foreach (var args in new[] { new[] { "models", "verify", "--lock-file", LockPath }, ["models", "verify", folder, "--lock-file", LockPath] })
        {
            var (exit, _, error) = Run(args);
            Assert.Equal(1, exit);
            Assert.Contains($"'{weights}' changed: locked sha256 ", error, StringComparison.Ordinal);
            Assert.Contains($"circuit-bench models lock {folder} --lock-file {LockPath}", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_snapshot_is_a_message_on_stderr_without_a_stack_trace()
    {
        var (exit, output, error) = Run("models", "show", "gpt2");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.StartsWith("error: Model 'gpt2' (hub id 'gpt2', revision 'main') is not in the local Hugging Face cache", error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(CacheRoot, "models--gpt2", "refs", "main"), error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pickle_only_folder_is_refused_with_exit_code_1()
    {
        var folder = Path.Combine(_root, "pickled");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(WriteModel(Path.Combine(_root, "source")), "config.json"), Path.Combine(folder, "config.json"));
        File.WriteAllBytes(Path.Combine(folder, "pytorch_model.bin"), [0x80, 0x02, 0x7D, 0x2E]);

        var (exit, _, error) = Run("models", "lock", folder, "--lock-file", LockPath);

        Assert.Equal(1, exit);
        Assert.Contains("its only weights are pickle files (pytorch_model.bin)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(LockPath));
    }

    [Fact]
    public void The_circuit_bench_command_registers_models()
    {
        var folder = WriteModel(Path.Combine(_root, "toy"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = Program.Run(["models", "show", folder], new InvocationConfiguration { Output = output, Error = error });

        Assert.True(exit == 0, error.ToString());
        Assert.Contains($"\"folder\": \"{folder}\"", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_without_a_lock_file_says_how_to_create_one()
    {
        var (exit, _, error) = Run("models", "verify", "--lock-file", LockPath);
        Assert.Equal(1, exit);
        Assert.Contains($"There is no lock file at '{LockPath}'. Create it with `circuit-bench models lock MODEL --lock-file {LockPath}`", error, StringComparison.Ordinal);
    }
}
