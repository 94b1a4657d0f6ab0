using System.CommandLine;
using CircuitBench.Circuits.Data;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Snapshots;
using CircuitBench.Models.Tokenization;
using CircuitBench.Tasks;
using CircuitBench.Tasks.Datasets;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>datasets generate --task NAME --n 200 --seed 0 [--tokenizer MODEL] --out FILE.json</c> writes a task's dataset
/// (atomically, printing its SHA-256); <c>datasets check FILE.json --model MODEL</c> reads a dataset for a model and
/// reports token lengths, pairing, single-token answers and class balance, exiting 1 when a prompt is unpaired or an
/// answer is not one token. MODEL is a model reference (hub id or folder) or a folder with tokenizer files.
/// </summary>
public static class DatasetsCommand
{
    /// <summary>Creates <c>datasets</c> with <c>generate</c> and <c>check</c>.</summary>
    public static Command Create() => new("datasets", "Generate and check task datasets (auto-circuit JSON).") { Generate(), Check() };

    private static Command Generate()
    {
        var task = new Option<string>("--task") { Description = $"The task: {string.Join(", ", TaskRegistry.Names)}.", Required = true };
        task.AcceptOnlyFromAmong([.. TaskRegistry.Names]);
        var count = CommonOptions.Positive("--n", "Number of prompts.", 200);
        var seed = new Option<ulong>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => 0 };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Model (or tokenizer folder) whose tokenizer text tasks are written for, and whose vocabulary 'induction' draws from." };
        var output = new Option<string>("--out") { Description = "The dataset file to write.", Required = true };
        var command = new Command("generate", "Generate a task's dataset deterministically from a seed.") { task, count, seed, tokenizer, output };
        command.SetAction(parse => Report(parse, writer =>
        {
            var definition = TaskRegistry.Get(parse.GetValue(task)!);
            var request = new GenerationRequest(parse.GetValue(count), parse.GetValue(seed));
            if (parse.GetValue(tokenizer) is { } reference)
            {
                var (loaded, space) = LoadTokenizer(reference);
                request = request with { Tokenizer = loaded, Vocabulary = space };
            }
            var dataset = definition.Generate(request);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var sha = DatasetJson.WriteFile(path, dataset);
            writer.WriteLine($"wrote {dataset.Prompts.Count} {definition.Name} prompts to {path}");
            writer.WriteLine($"sha256 {sha}");
            return 0;
        }));
        return command;
    }

    private static Command Check()
    {
        var file = new Argument<string>("file") { Description = "The dataset JSON file." };
        var model = new Option<string>("--model") { Description = "Model reference, or a folder with config.json and/or tokenizer files.", Required = true };
        var command = new Command("check", "Check a dataset for a model: token lengths, pairing, single-token answers, class balance.") { file, model };
        command.SetAction(parse => Report(parse, writer =>
        {
            var (tokenizer, space) = LoadTokenizer(parse.GetValue(model)!);
            var options = new DatasetReadOptions(space.Size, space.ContextLength, tokenizer);
            var dataset = DatasetReader.Read(parse.GetValue(file)!, options);
            return DatasetCheck.Write(writer, parse.InvocationConfiguration.Error, dataset, parse.GetValue(file)!);
        }));
        return command;
    }

    /// <summary>
    /// The tokenizer and token space of <paramref name="reference"/>: a folder with tokenizer files and/or config.json is read
    /// directly; anything else is resolved as a model reference.
    /// </summary>
    private static (Gpt2Tokenizer? Tokenizer, TokenSpace Space) LoadTokenizer(string reference)
    {
        var folder = Directory.Exists(reference) ? Path.GetFullPath(reference) : SnapshotResolver.FromEnvironment().Resolve(reference).Folder;
        var configPath = Path.Combine(folder, ModelConfigJson.FileName);
        var hasTokenizer = File.Exists(Path.Combine(folder, "tokenizer.json")) || (File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt")));
        var tokenizer = hasTokenizer ? Gpt2Tokenizer.FromFolder(folder) : null;
        if (File.Exists(configPath)) return (tokenizer, TokenSpace.Of(ModelConfigJson.Read(configPath)));
        if (tokenizer is null)
            throw new IOException($"'{folder}' has neither config.json nor tokenizer files (tokenizer.json, or vocab.json and merges.txt).");
        return (tokenizer, TokenSpace.Of(tokenizer, contextLength: int.MaxValue));
    }

    private static int Report(ParseResult parse, Func<TextWriter, int> body) => UserErrors.Report(parse, writer =>
    {
        try
        {
            return body(writer);
        }
        catch (Exception e) when (e is DatasetFormatException or TokenizerFormatException or ArgumentException or FormatException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    });
}
