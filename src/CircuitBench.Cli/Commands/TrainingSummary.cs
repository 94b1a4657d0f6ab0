using System.Globalization;
using CircuitBench.Models.Training;

namespace CircuitBench.Cli.Commands;

/// <summary>The plain-text summary <c>train</c> prints after saving: run, losses, task metrics, per-head scores.</summary>
internal static class TrainingSummary
{
    public static void Write(TextWriter writer, TrainingReport report, string folder)
    {
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"{report.Recipe} seed {report.Seed}: {report.Training.Steps} steps in {report.TrainingSeconds:F1} s (evaluation {report.EvaluationSeconds:F1} s)"));
        writer.WriteLine(string.Create(c, $"training loss {report.Loss.InitialLoss:F4} -> {report.Loss.FinalLoss:F4}"));
        foreach (var metric in report.Evaluation.Metrics)
            writer.WriteLine(string.Create(c, $"{metric.Name} {metric.Value:F4}"));
        if (report.Evaluation.Heads.Count > 0)
        {
            writer.WriteLine("head   previous_token  induction");
            foreach (var head in report.Evaluation.Heads)
                writer.WriteLine(string.Create(c, $"a{head.Layer}.h{head.Head}  {head.PreviousToken,14:F3}  {head.Induction,9:F3}"));
        }
        writer.WriteLine($"saved to {folder}");
    }
}
