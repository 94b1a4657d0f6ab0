using System.CommandLine;
using CircuitBench.Tasks;

namespace CircuitBench.Cli.Commands;

/// <summary><c>tasks list</c>: every registered task with its metric, prompt encoding, models and ground truth.</summary>
public static class TasksCommand
{
    /// <summary>Creates <c>tasks</c> with its <c>list</c> subcommand.</summary>
    public static Command Create()
    {
        var list = new Command("list", "List the tasks: name, description, default metric, datasets, ground truth.");
        list.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var task in TaskRegistry.All)
            {
                output.WriteLine($"{task.Name}: {task.Description}");
                var prompts = task.Encoding == PromptEncoding.Text ? $"text for the {task.Tokenizer} tokenizer (datasets generate --tokenizer MODEL)" : "token ids";
                output.WriteLine($"    metric {task.DefaultMetric}; prompts {prompts}; models {(task.Models.Count == 0 ? "any" : string.Join(", ", task.Models))}");
                output.WriteLine($"    ground truth: {task.GroundTruth switch
                {
                    GroundTruthSource.Literature => $"published, datasets/{task.GroundTruthFile}",
                    GroundTruthSource.HeadDiagnostics => "derived from the trained model's head scores",
                    _ => "none (exact-patching reference)",
                }}");
            }
            return 0;
        });
        return new Command("tasks", "Tasks and their datasets.") { list };
    }
}
