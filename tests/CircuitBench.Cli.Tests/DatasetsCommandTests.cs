using CircuitBench.Models.Snapshots;
using CircuitBench.Models.Training;
using CircuitBench.Tasks.Datasets;

namespace CircuitBench.Cli.Tests;

/// <summary><c>tasks list</c>, <c>datasets generate</c> and <c>datasets check</c>.</summary>
public sealed class DatasetsCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("datasets-cli-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Tasks_list_names_every_task_with_metric_and_ground_truth()
    {
        var (exit, output, _) = AnalysisFixture.Run("tasks", "list");
        Assert.Equal(0, exit);
        foreach (var name in Tasks.TaskRegistry.Names) Assert.Contains(name + ": ", output);
        Assert.Contains("ground truth: published, datasets/ground-truth/gpt2-small-ioi.json", output);
        Assert.Contains("metric prob-diff", output);
    }

    [Fact]
    public void Generate_writes_the_deterministic_dataset_and_check_reports_balance()
    {
        var path = Path.Combine(root, "add.json");
        var (exit, output, error) = AnalysisFixture.Run("datasets", "generate", "--task", "toy-modular-addition", "--n", "46", "--seed", "3", "--out", path);
        Assert.True(exit == 0, error);
        var expected = DatasetJson.Serialize(Tasks.TaskRegistry.ToyModularAddition.Generate(new Tasks.GenerationRequest(46, 3)));
        Assert.Equal(expected, File.ReadAllBytes(path));
        Assert.Contains($"sha256 {DatasetHash.Of(expected)}", output);

        var model = Path.Combine(root, "toy-mlp");
        Directory.CreateDirectory(model);
        ModelConfigJson.Write(Recipes.ToyMlp2L.Model, Path.Combine(model, ModelConfigJson.FileName));
        (exit, output, error) = AnalysisFixture.Run("datasets", "check", path, "--model", model);
        Assert.True(exit == 0, error);
        Assert.Contains("46 prompts", output);
        Assert.Contains("clean tokens: min 4, max 4", output);
        Assert.Contains("every prompt has equal token lengths", output);
        Assert.Contains("label corrupt-a: 23 (50.0%)", output);
        Assert.Contains("every answer is a single token", output);
    }

    [Fact]
    public void Errors_exit_1_and_write_nothing()
    {
        var path = Path.Combine(root, "ioi.json");
        var (exit, _, error) = AnalysisFixture.Run("datasets", "generate", "--task", "ioi", "--n", "5", "--out", path);
        Assert.Equal(1, exit);
        Assert.Contains("--tokenizer", error);
        Assert.Empty(Directory.GetFiles(root));
        (exit, _, error) = AnalysisFixture.Run("datasets", "generate", "--task", "nope", "--out", path);
        Assert.Equal(1, exit);
        Assert.Contains("nope", error);

        var bad = Path.Combine(root, "bad.json");
        File.WriteAllText(bad, """{"prompts": [{"clean": [1, 2], "corrupt": [1], "answers": [99], "wrong_answers": []}]}""");
        var model = Path.Combine(root, "toy");
        Directory.CreateDirectory(model);
        ModelConfigJson.Write(Recipes.ToyMlp2L.Model, Path.Combine(model, ModelConfigJson.FileName));
        (exit, _, error) = AnalysisFixture.Run("datasets", "check", bad, "--model", model);
        Assert.Equal(1, exit);
        Assert.Contains("prompt 0, field 'answers[0]'", error);
        File.WriteAllText(bad, """{"prompts": [{"clean": [1, 2], "corrupt": [1], "answers": [3], "wrong_answers": []}]}""");
        (exit, var output, _) = AnalysisFixture.Run("datasets", "check", bad, "--model", model);
        Assert.Equal(1, exit);
        Assert.Contains("1 prompt(s) of different token lengths, first 0", output);
    }
}
