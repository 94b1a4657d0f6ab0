using System.Text.Json;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Models.Training;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Models.Tests.Training;

/// <summary>Saving a trained model: HF layout, loads back with identical logits, never half-written, refuses to clobber.</summary>
public sealed class TrainedModelFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"circuitbench-trained-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static float[] Logits(HookedTransformer model, TokenBatch batch)
    {
        using var _ = GradTape.NoGrad();
        return model.Forward(batch).ToArray();
    }

    [Theory]
    [InlineData("induction")]
    [InlineData("mlp")]
    public void A_saved_model_loads_back_with_identical_logits(string which)
    {
        var recipe = which == "mlp" ? TinyRecipes.Mlp() : TinyRecipes.Induction();
        var run = Trainer.Train(recipe, seed: 9);
        var folder = Path.Combine(_root, "nested", "model");
        TrainedModelFolder.Write(folder, run.Model, run.Report);

        Assert.Equal(["config.json", "model.safetensors", "training_report.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal(["model"], Directory.GetFileSystemEntries(Path.Combine(_root, "nested")).Select(Path.GetFileName));
        var loaded = ModelLoader.Load(folder);
        Assert.Equal(run.Model.Config, loaded.Config);
        var batch = recipe.Task.Rows(seed: 1, firstRow: 0, rows: 3).Tokens;
        Assert.Equal(Logits(run.Model, batch), Logits(loaded, batch));
    }

    [Fact]
    public void The_report_file_holds_the_recipe_seed_losses_and_head_scores()
    {
        var run = Trainer.Train(TinyRecipes.Induction(), seed: 2);
        TrainedModelFolder.Write(_root, run.Model, run.Report);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, TrainingReportJson.FileName)));
        var root = json.RootElement;
        Assert.Equal("toy-induction-2l", root.GetProperty("recipe").GetString());
        Assert.Equal(2, root.GetProperty("seed").GetInt32());
        Assert.Equal(3, root.GetProperty("training").GetProperty("steps").GetInt32());
        Assert.True(root.GetProperty("evaluation").GetProperty("repeated_half_loss").GetDouble() > 0);
        var heads = root.GetProperty("heads").EnumerateArray().ToArray();
        Assert.Equal(4, heads.Length);
        Assert.Equal(run.Report.Evaluation.Heads[3].Induction, heads[3].GetProperty("induction_score").GetDouble(), 1e-6);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("engine").GetProperty("code_version").GetString()));
    }

    [Fact]
    public void A_non_empty_folder_is_refused_unless_overwriting_and_nothing_is_left_behind()
    {
        var run = Trainer.Train(TinyRecipes.Induction(steps: 1), seed: 1);
        var folder = Path.Combine(_root, "out");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "mine");

        var error = Assert.Throws<IOException>(() => TrainedModelFolder.Write(folder, run.Model, run.Report));
        Assert.Contains("not empty", error.Message);
        Assert.Equal(["keep.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));

        TrainedModelFolder.Write(folder, run.Model, run.Report, overwrite: true);
        Assert.False(File.Exists(Path.Combine(folder, "keep.txt")));
        Assert.True(File.Exists(Path.Combine(folder, TrainedModelFolder.WeightsFileName)));
        Assert.Equal(["out"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void An_existing_empty_folder_is_filled()
    {
        var run = Trainer.Train(TinyRecipes.Induction(steps: 1), seed: 1);
        Directory.CreateDirectory(_root);
        TrainedModelFolder.Write(_root, run.Model, run.Report);
        Assert.True(File.Exists(Path.Combine(_root, "config.json")));
    }
}
