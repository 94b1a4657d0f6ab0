using System.Text;
using System.Text.Json;

namespace CircuitBench.Models.Training;

/// <summary>
/// Writes a <see cref="TrainingReport"/> as <c>training_report.json</c>: snake_case keys in a fixed order,
/// <c>evaluation</c> as {metric: value}, <c>metric_descriptions</c>, and <c>heads</c> as
/// [{layer, head, previous_token_score, induction_score}] (layer-major).
/// </summary>
public static class TrainingReportJson
{
    /// <summary>The file name in a trained model's folder.</summary>
    public const string FileName = "training_report.json";

    /// <summary>The report as indented JSON text ending with a newline.</summary>
    public static string ToJson(TrainingReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteString("recipe", report.Recipe);
            json.WriteString("description", report.Description);
            json.WriteString("task", report.Task);
            json.WriteNumber("seed", report.Seed);
            WriteTraining(json, report.Training);
            json.WriteStartObject("timings");
            json.WriteNumber("training_seconds", Math.Round(report.TrainingSeconds, 3));
            json.WriteNumber("evaluation_seconds", Math.Round(report.EvaluationSeconds, 3));
            json.WriteEndObject();
            WriteLoss(json, report.Loss);
            WriteEvaluation(json, report.Evaluation);
            json.WriteStartObject("engine");
            json.WriteString("code_version", report.Engine.CodeVersion);
            json.WriteString("gemm_backend", report.Engine.GemmBackend);
            json.WriteNumber("threads", report.Engine.Threads);
            json.WriteString("runtime", report.Engine.Runtime);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteTraining(Utf8JsonWriter json, TrainingOptions t)
    {
        json.WriteStartObject("training");
        json.WriteNumber("steps", t.Steps);
        json.WriteNumber("batch_size", t.BatchSize);
        json.WriteNumber("peak_learning_rate", t.PeakLearningRate);
        json.WriteNumber("min_learning_rate", t.MinLearningRate);
        json.WriteNumber("warmup_steps", t.WarmupSteps);
        json.WriteNumber("max_grad_norm", t.MaxGradNorm);
        json.WriteNumber("adam_beta1", t.Optimizer.Beta1);
        json.WriteNumber("adam_beta2", t.Optimizer.Beta2);
        json.WriteNumber("adam_epsilon", t.Optimizer.Epsilon);
        json.WriteNumber("weight_decay", t.Optimizer.WeightDecay);
        json.WriteBoolean("decay_embeddings", t.DecayEmbeddings);
        json.WriteEndObject();
    }

    private static void WriteLoss(Utf8JsonWriter json, LossCurve loss)
    {
        json.WriteStartObject("loss");
        json.WriteNumber("initial", Round(loss.InitialLoss));
        json.WriteNumber("final", Round(loss.FinalLoss));
        json.WriteStartArray("curve");
        foreach (var (step, mean) in loss.Points)
        {
            json.WriteStartObject();
            json.WriteNumber("step", step);
            json.WriteNumber("mean_loss", Round(mean));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteEvaluation(Utf8JsonWriter json, TaskEvaluation evaluation)
    {
        json.WriteStartObject("evaluation");
        foreach (var metric in evaluation.Metrics) json.WriteNumber(metric.Name, Round(metric.Value));
        json.WriteEndObject();
        json.WriteStartObject("metric_descriptions");
        foreach (var metric in evaluation.Metrics) json.WriteString(metric.Name, metric.Description);
        json.WriteEndObject();
        json.WriteStartArray("heads");
        foreach (var head in evaluation.Heads)
        {
            json.WriteStartObject();
            json.WriteNumber("layer", head.Layer);
            json.WriteNumber("head", head.Head);
            json.WriteNumber("previous_token_score", Round(head.PreviousToken));
            json.WriteNumber("induction_score", Round(head.Induction));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static double Round(double value) => Math.Round(value, 6);
}
