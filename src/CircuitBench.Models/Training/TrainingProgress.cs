namespace CircuitBench.Models.Training;

/// <summary>Where a training run is, reported after every step.</summary>
/// <param name="Step">Steps done (1-based).</param>
/// <param name="TotalSteps">Steps of the run.</param>
/// <param name="Loss">The step's batch loss.</param>
/// <param name="LearningRate">The step's learning rate.</param>
/// <param name="GradNorm">The step's gradient norm before clipping.</param>
/// <param name="Elapsed">Wall time since training started.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, float Loss, float LearningRate, float GradNorm, TimeSpan Elapsed);
