using System.Diagnostics;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Models.Training;

/// <summary>A trained model with its report.</summary>
/// <param name="Model">The trained model (parameters no longer require gradients).</param>
/// <param name="Report">What the run did and what the model learned.</param>
public sealed record TrainingRun(HookedTransformer Model, TrainingReport Report);

/// <summary>
/// Trains a recipe from a seed: weights from <see cref="WeightInit.Random"/>(config, seed), step k on rows
/// [k·batch, (k + 1)·batch) of the task's stream <see cref="StreamSeeds.TrainingData"/>(seed), AdamW with global-norm
/// clipping and a warm-up + cosine schedule, then the task's evaluation on <see cref="StreamSeeds.EvaluationData"/>(seed).
/// Every input is a pure function of the seed and the ops are deterministic, so one seed gives bit-identical weights.
/// </summary>
public static class Trainer
{
    /// <summary>Runs <paramref name="recipe"/> with <paramref name="seed"/>, reporting after every step.</summary>
    public static TrainingRun Train(Recipe recipe, ulong seed, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var options = recipe.Training.Validate();
        var weights = WeightInit.Random(recipe.Model, seed);
        var model = new HookedTransformer(recipe.Model, weights);
        var parameters = TrainableParameter.Of(weights, options.DecayEmbeddings);
        var optimizer = new AdamW(parameters, options.Optimizer);
        var schedule = options.Schedule;
        var dataSeed = StreamSeeds.TrainingData(seed);
        var losses = new float[options.Steps];
        var clock = Stopwatch.StartNew();
        weights.SetRequiresGrad(true);
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = recipe.Task.Rows(dataSeed, (long)step * options.BatchSize, options.BatchSize);
            var learningRate = schedule.At(step);
            var (loss, norm) = TrainingStep.Run(model, parameters, optimizer, batch, learningRate, options.MaxGradNorm);
            losses[step] = loss;
            progress?.Report(new TrainingProgress(step + 1, options.Steps, loss, learningRate, norm, clock.Elapsed));
        }
        var trainingSeconds = clock.Elapsed.TotalSeconds;
        weights.SetRequiresGrad(false);
        weights.ClearGrads();
        clock.Restart();
        var evaluation = recipe.Task.Evaluate(model, StreamSeeds.EvaluationData(seed));
        var report = new TrainingReport(recipe.Name, recipe.Description, recipe.Task.Description, seed, options,
            trainingSeconds, clock.Elapsed.TotalSeconds, LossCurve.Summarize(losses), evaluation, EngineInfo.Current());
        return new TrainingRun(model, report);
    }
}
