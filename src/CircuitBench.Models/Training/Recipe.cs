using CircuitBench.Models.Architecture;

namespace CircuitBench.Models.Training;

/// <summary>Everything that defines a toy model apart from its seed: architecture, task and training settings.</summary>
/// <param name="Name">Registry name, e.g. <c>toy-induction-2l</c>.</param>
/// <param name="Description">One line for listings.</param>
/// <param name="Model">The architecture.</param>
/// <param name="Task">The data stream and the evaluation.</param>
/// <param name="Training">Optimizer, schedule and length.</param>
public sealed record Recipe(string Name, string Description, ModelConfig Model, ISyntheticTask Task, TrainingOptions Training)
{
    /// <summary>The same recipe trained for <paramref name="steps"/> steps (the schedule stretches or shrinks with it).</summary>
    public Recipe WithSteps(int steps) => this with { Training = Training with { Steps = steps } };
}
