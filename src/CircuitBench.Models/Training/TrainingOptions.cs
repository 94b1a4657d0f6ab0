namespace CircuitBench.Models.Training;

/// <summary>How a recipe trains: steps, batch, learning-rate schedule, optimizer, clipping.</summary>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="BatchSize">Rows per step.</param>
/// <param name="PeakLearningRate">Learning rate after the warm-up.</param>
/// <param name="MinLearningRate">Learning rate at the end of the cosine decay.</param>
/// <param name="WarmupSteps">Steps of linear warm-up.</param>
/// <param name="MaxGradNorm">Global gradient-norm clipping threshold.</param>
/// <param name="Optimizer">AdamW betas, ε and weight decay.</param>
/// <param name="DecayEmbeddings">True when weight decay also applies to W_E and W_pos.</param>
public sealed record TrainingOptions(
    int Steps,
    int BatchSize,
    float PeakLearningRate,
    float MinLearningRate,
    int WarmupSteps,
    float MaxGradNorm,
    AdamWOptions Optimizer,
    bool DecayEmbeddings = false)
{
    /// <summary>The learning-rate schedule over <see cref="Steps"/>.</summary>
    public WarmupCosineSchedule Schedule => new(PeakLearningRate, Math.Min(WarmupSteps, Steps), Steps, MinLearningRate);

    /// <summary>Checks the values are usable; throws naming the field.</summary>
    public TrainingOptions Validate()
    {
        if (Steps < 1) throw new ArgumentException($"Training: steps must be at least 1, got {Steps}.");
        if (BatchSize < 1) throw new ArgumentException($"Training: batch size must be at least 1, got {BatchSize}.");
        if (!(PeakLearningRate > 0f) || !(MinLearningRate >= 0f) || MinLearningRate > PeakLearningRate)
            throw new ArgumentException($"Training: need 0 ≤ min learning rate ≤ peak learning rate and a positive peak; got {MinLearningRate} and {PeakLearningRate}.");
        if (WarmupSteps < 0) throw new ArgumentException($"Training: warm-up steps must be non-negative, got {WarmupSteps}.");
        if (!(MaxGradNorm > 0f)) throw new ArgumentException($"Training: the clipping norm must be positive, got {MaxGradNorm}.");
        Optimizer.Validate();
        return this;
    }
}
