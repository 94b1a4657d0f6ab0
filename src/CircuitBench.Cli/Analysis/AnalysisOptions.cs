using System.CommandLine;
using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Cli.Commands;

namespace CircuitBench.Cli.Analysis;

/// <summary>The options <c>attribute</c> and <c>evaluate</c> share: model, lock file, dataset, metric, ablation and batch size.</summary>
internal sealed class AnalysisOptions
{
    public Option<string> Model { get; } = new("--model") { Description = "A model folder or a hub id in the Hugging Face cache.", Required = true };

    public Option<string?> LockFile { get; } = new("--lock-file") { Description = "Verify the model against this lock file before computing; its file hashes go into the output's metadata." };

    public Option<string> Dataset { get; } = new("--dataset") { Description = "Dataset JSON in auto-circuit's format (prompts with clean, corrupt, answers, wrong_answers; text or token ids).", Required = true };

    public Option<string> Metric { get; } = new("--metric")
    {
        Description = $"Metric (see list-metrics): {string.Join(", ", MetricRegistry.Metrics.Select(m => m.Name))}.",
        DefaultValueFactory = _ => "logit-diff",
    };

    public Option<string> Ablation { get; } = new("--ablation")
    {
        Description = $"What ablated edges carry: {string.Join(", ", Circuits.Patching.Ablation.Names)}. resample uses each prompt's corrupt; "
            + "mean and mean-positional average over the dataset's clean prompts.",
        DefaultValueFactory = _ => "resample",
    };

    public Option<int> BatchSize { get; } = CommonOptions.Positive("--batch-size", "Prompts per forward pass (results do not depend on it beyond float rounding).", 32);

    public Option<string> MultiTokenAnswers { get; } = new("--multi-token-answers")
    {
        Description = "Text answers of several tokens: first-token (use the first token, with a warning) or error.",
        DefaultValueFactory = _ => "first-token",
    };

    public AnalysisOptions() => MultiTokenAnswers.AcceptOnlyFromAmong("first-token", "error");

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, LockFile, Dataset, Metric, Ablation, BatchSize, MultiTokenAnswers })
            command.Options.Add(option);
    }

    /// <summary>The chosen metric; an unknown name is an error listing the known ones.</summary>
    public Metric MetricOf(ParseResult parse) => MetricRegistry.Get(parse.GetValue(Metric)!);

    /// <summary>The chosen ablation; an unknown name is an error listing the known ones.</summary>
    public AblationKind AblationOf(ParseResult parse) => Circuits.Patching.Ablation.Parse(parse.GetValue(Ablation)!);

    /// <summary>The multi-token answer policy.</summary>
    public MultiTokenAnswers PolicyOf(ParseResult parse) =>
        parse.GetValue(MultiTokenAnswers) == "error" ? Circuits.Data.MultiTokenAnswers.Error : Circuits.Data.MultiTokenAnswers.FirstToken;
}
