using System.CommandLine;
using CircuitBench.Cli.Commands;
using CircuitBench.Models.Loading;

namespace CircuitBench.Cli.Tests;

/// <summary><c>train</c> with a few steps of the real recipes, writing to a temporary folder.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"circuitbench-cli-train-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand { TrainCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Trains_saves_a_loadable_folder_and_prints_plain_progress_and_the_summary()
    {
        var folder = Path.Combine(_root, "induction");
        var (exit, output, error) = Run("train", "--recipe", "toy-induction-2l", "--seed", "1", "--out", folder, "--steps", "2");
        Assert.True(exit == 0, error);
        Assert.Contains("step 2/2", output);
        Assert.Contains("repeated_half_loss", output);
        Assert.Contains("a1.h3", output);
        Assert.DoesNotContain("\u001b[", output);
        Assert.Equal(2, ModelLoader.Load(folder).Config.NLayers);
        Assert.True(File.Exists(Path.Combine(folder, "training_report.json")));
    }

    [Fact]
    public void A_non_empty_out_folder_is_an_error_before_training_unless_forced()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "notes.txt"), "keep");
        var (exit, output, error) = Run("train", "--recipe", "toy-mlp-2l", "--out", _root, "--steps", "1");
        Assert.Equal(1, exit);
        Assert.Contains("not empty", error);
        Assert.Contains("--force", error);
        Assert.DoesNotContain("step", output);

        var forced = Run("train", "--recipe", "toy-mlp-2l", "--out", _root, "--steps", "1", "--force");
        Assert.True(forced.Exit == 0, forced.Error);
        Assert.Contains("accuracy_mlps_zero_ablated", forced.Output);
        Assert.False(File.Exists(Path.Combine(_root, "notes.txt")));
    }

    [Fact]
    public void An_unknown_recipe_lists_the_valid_ones()
    {
        var (exit, _, error) = Run("train", "--recipe", "toy-nope", "--out", Path.Combine(_root, "x"));
        Assert.NotEqual(0, exit);
        Assert.Contains("toy-induction-2l", error);
        Assert.Contains("toy-mlp-2l", error);
        Assert.False(Directory.Exists(_root));
    }
}
