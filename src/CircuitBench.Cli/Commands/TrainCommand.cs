using System.CommandLine;
using System.Globalization;
using CircuitBench.Models.Training;
using Spectre.Console;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>train --recipe NAME --seed N --out DIR [--steps N] [--force]</c>: trains a toy-model recipe and saves it as a
/// Hugging Face style folder (config.json, model.safetensors, training_report.json). Shows a progress bar on a terminal
/// and plain progress lines otherwise (no ANSI when redirected); ends with the report summary.
/// </summary>
public static class TrainCommand
{
    /// <summary>Creates the <c>train</c> command.</summary>
    public static Command Create()
    {
        var recipe = new Option<string>("--recipe")
        {
            Description = "The recipe: " + string.Join("; ", Recipes.All.Select(r => $"{r.Name} ({r.Description})")),
            Required = true,
        };
        recipe.AcceptOnlyFromAmong([.. Recipes.All.Select(r => r.Name)]);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the weights and the data stream.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "The model folder to write (new or empty unless --force).", Required = true };
        var steps = new Option<int?>("--steps") { Description = "Optimizer steps (default: the recipe's); the schedule scales with it." };
        steps.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, CultureInfo.InvariantCulture, out var value) && value < 1)
                result.AddError($"--steps must be at least 1, got {value}.");
        });
        var force = new Option<bool>("--force") { Description = "Replace the contents of a non-empty --out folder." };
        var command = new Command("train", "Train a toy model from a recipe and save it with its training report.") { recipe, seed, output, steps, force };
        command.SetAction(parse => UserErrors.Report(parse, writer =>
        {
            var chosen = Recipes.Get(parse.GetValue(recipe)!);
            if (parse.GetValue(steps) is { } n) chosen = chosen.WithSteps(n);
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            var overwrite = parse.GetValue(force);
            if (!overwrite && TrainedModelFolder.IsOccupied(folder))
                throw new IOException($"--out '{folder}' exists and is not empty; choose another folder or pass --force to replace it.");
            var run = Train(chosen, parse.GetValue(seed), writer);
            TrainedModelFolder.Write(folder, run.Model, run.Report, overwrite);
            TrainingSummary.Write(writer, run.Report, folder);
            return 0;
        }));
        return command;
    }

    /// <summary>Trains with a Spectre.Console progress bar when writing to an interactive terminal, else with plain lines.</summary>
    private static TrainingRun Train(Recipe recipe, ulong seed, TextWriter writer) =>
        LiveProgress.Run(writer, (lines, context) =>
        {
            if (context is null)
            {
                var every = Math.Max(1, recipe.Training.Steps / 20);
                return Trainer.Train(recipe, seed, new ProgressListener<TrainingProgress>(p =>
                {
                    if (p.Step % every == 0 || p.Step == p.TotalSteps)
                        lines.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"step {p.Step}/{p.TotalSteps}  loss {p.Loss:F4}  lr {p.LearningRate:G3}  grad-norm {p.GradNorm:F3}  {p.Elapsed.TotalSeconds:F1} s"));
                }));
            }
            var task = context.AddTask(Markup.Escape(recipe.Name), maxValue: recipe.Training.Steps);
            return Trainer.Train(recipe, seed, new ProgressListener<TrainingProgress>(p =>
            {
                task.Value = p.Step;
                task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{recipe.Name}  loss {p.Loss:F3}"));
            }));
        });
}
