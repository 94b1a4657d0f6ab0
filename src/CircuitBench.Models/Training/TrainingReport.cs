namespace CircuitBench.Models.Training;

/// <summary>What a training run did and what the model learned (written as <c>training_report.json</c>).</summary>
/// <param name="Recipe">The recipe name.</param>
/// <param name="Description">The recipe's description.</param>
/// <param name="Task">The task's description.</param>
/// <param name="Seed">The run's seed (weights and data).</param>
/// <param name="Training">The training settings used (with the actual step count).</param>
/// <param name="TrainingSeconds">Wall time of the optimizer steps.</param>
/// <param name="EvaluationSeconds">Wall time of the evaluation.</param>
/// <param name="Loss">The loss curve.</param>
/// <param name="Evaluation">Task metrics and per-head scores of the trained model.</param>
/// <param name="Engine">Code version and compute settings.</param>
public sealed record TrainingReport(
    string Recipe,
    string Description,
    string Task,
    ulong Seed,
    TrainingOptions Training,
    double TrainingSeconds,
    double EvaluationSeconds,
    LossCurve Loss,
    TaskEvaluation Evaluation,
    EngineInfo Engine);
