using CircuitBench.Models.Training;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Models.Tests.Training;

/// <summary>Whole training runs of tiny recipe variants: determinism, learning, the report.</summary>
public sealed class TrainingRunTests
{
    private static byte[] Checkpoint(TrainingRun run)
    {
        using var bytes = new MemoryStream();
        TrainedModelFolder.Weights(run.Model.Weights).WriteTo(bytes);
        return bytes.ToArray();
    }

    [Fact]
    public void The_same_seed_gives_a_bit_identical_checkpoint_and_another_seed_does_not()
    {
        var recipe = TinyRecipes.Induction(steps: 4);
        var first = Checkpoint(Trainer.Train(recipe, seed: 11));
        Assert.Equal(first, Checkpoint(Trainer.Train(recipe, seed: 11)));
        Assert.NotEqual(first, Checkpoint(Trainer.Train(recipe, seed: 12)));
    }

    [Fact]
    public void The_checkpoint_does_not_depend_on_the_managed_gemm_thread_count()
    {
        var recipe = TinyRecipes.Mlp(steps: 4);
        byte[] With(int threads)
        {
            using var _ = Compute.Use(GemmBackends.Create("managed", threads));
            return Checkpoint(Trainer.Train(recipe, seed: 5));
        }
        Assert.Equal(With(1), With(2));
    }

    [Fact]
    public void Training_lowers_the_loss_of_a_tiny_modular_addition_model()
    {
        // The managed GEMM pins the bits: on 25 pairs the accuracy lands between 0.44 and 0.52 depending on the last-bit
        // rounding of the products (OpenBLAS's blocking, or the row-sparse backward's shorter sums), so 0.5 is a coin toss.
        using var _ = Compute.Use(GemmBackends.Create("managed", 2));
        var run = Trainer.Train(TinyRecipes.Mlp() with { Training = TinyRecipes.Mlp().Training with { Steps = 150, BatchSize = 32, PeakLearningRate = 3e-2f } }, seed: 3);
        Assert.True(run.Report.Loss.FinalLoss < 0.7 * run.Report.Loss.InitialLoss,
            $"Loss went from {run.Report.Loss.InitialLoss} to {run.Report.Loss.FinalLoss}.");
        Assert.True(run.Report.Evaluation["accuracy"] > 0.5, $"Accuracy {run.Report.Evaluation["accuracy"]} on (a + b) mod 5.");
    }

    [Fact]
    public void The_report_has_the_run_settings_the_loss_curve_and_the_task_evaluation()
    {
        var steps = new List<int>();
        var run = Trainer.Train(TinyRecipes.Induction(steps: 5), seed: 4, new Recorder(p => steps.Add(p.Step)));
        var report = run.Report;
        Assert.Equal([1, 2, 3, 4, 5], steps);
        Assert.Equal(("toy-induction-2l", 4UL, 5), (report.Recipe, report.Seed, report.Training.Steps));
        Assert.Equal(5, report.Loss.Points.Count);
        Assert.Equal(["first_half_loss", "repeated_half_loss", "uniform_loss", "repeated_half_accuracy"], report.Evaluation.Metrics.Select(m => m.Name));
        Assert.Equal(4, report.Evaluation.Heads.Count);
        Assert.Equal(Math.Log(11), report.Evaluation["uniform_loss"], 1e-12);
        Assert.All(run.Model.Weights.Named(), p => Assert.False(p.Tensor.RequiresGrad));
    }

    [Fact]
    public void The_mlp_task_reports_its_accuracy_with_the_mlps_ablated()
    {
        var report = Trainer.Train(TinyRecipes.Mlp(steps: 2), seed: 1).Report;
        Assert.Equal(["accuracy", "loss", "uniform_loss", "accuracy_mlps_zero_ablated"], report.Evaluation.Metrics.Select(m => m.Name));
        Assert.Empty(report.Evaluation.Heads);
    }

    private sealed class Recorder(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }
}
