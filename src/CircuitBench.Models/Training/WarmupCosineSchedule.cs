namespace CircuitBench.Models.Training;

/// <summary>
/// Learning rate with a linear warm-up then a cosine decay: step s (0-based) uses
/// peak·(s + 1)/warmup while s &lt; warmup, then min + ½(peak − min)(1 + cos(π·(s − warmup)/(total − warmup))).
/// </summary>
/// <param name="PeakLearningRate">The rate reached at the end of the warm-up.</param>
/// <param name="WarmupSteps">Steps of linear warm-up (0 for none).</param>
/// <param name="TotalSteps">Steps of the whole run; the cosine reaches <paramref name="MinLearningRate"/> at the end.</param>
/// <param name="MinLearningRate">The floor of the cosine.</param>
public sealed record WarmupCosineSchedule(float PeakLearningRate, int WarmupSteps, int TotalSteps, float MinLearningRate)
{
    /// <summary>The learning rate of step <paramref name="step"/> (0-based).</summary>
    public float At(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps) return PeakLearningRate * (step + 1) / WarmupSteps;
        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps));
        return (float)(MinLearningRate + 0.5 * (PeakLearningRate - MinLearningRate) * (1.0 + Math.Cos(Math.PI * progress)));
    }
}
