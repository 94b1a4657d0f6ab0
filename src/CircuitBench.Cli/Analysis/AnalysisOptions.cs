using System.CommandLine;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Cli.Commands;

namespace CircuitBench.Cli.Analysis;

/// <summary>The options <c>attribute</c> and <c>evaluate</c> share: model, lock file, dataset, metric, ablation (and its reference dataset) and batch size.</summary>
internal sealed class AnalysisOptions
{
    public Option<string> Model { get; } = new("--model") { Description = "A model folder or a hub id in the Hugging Face cache.", Required = true };

    public Option<string?> LockFile { get; } = new("--lock-file") { Description = "Verify the model against this lock file before computing; its file hashes go into the output's metadata." };

    public Option<string> Dataset { get; } = new("--dataset") { Description = "Dataset JSON in auto-circuit's format (prompts with clean, corrupt, answers, wrong_answers; text or token ids).", Required = true };

    /// <summary>The metric used when <c>--metric</c> is not given and the algorithm names none.</summary>
    public const string DefaultMetric = "logit-diff";

    public Option<string?> Metric { get; } = new("--metric")
    {
        Description = $"Metric (see list-metrics): {string.Join(", ", MetricRegistry.Metrics.Select(m => m.Name))}. "
            + $"Default: the algorithm's own (acdc: kl), else {DefaultMetric}.",
    };

    public Option<string> Ablation { get; } = new("--ablation")
    {
        Description = $"What ablated edges carry: {string.Join(", ", Circuits.Patching.Ablation.Names)}. resample uses each prompt's corrupt; "
            + "mean and mean-positional average over the clean prompts of --reference (default: the dataset's).",
        DefaultValueFactory = _ => "resample",
    };

    public Option<string?> Reference { get; } = new("--reference")
    {
        Description = "A dataset JSON whose clean prompts the mean and mean-positional ablations average over (default: the dataset itself).",
    };

    public Option<int> BatchSize { get; } = CommonOptions.Positive("--batch-size",
        "Prompts per forward pass (results do not depend on it beyond float rounding). Default 32; searches that decide from all prompts at once (acdc) default to one batch.", 32);

    public Option<string> MultiTokenAnswers { get; } = new("--multi-token-answers")
    {
        Description = "Text answers of several tokens: first-token (use the first token, with a warning) or error.",
        DefaultValueFactory = _ => "first-token",
    };

    public AnalysisOptions() => MultiTokenAnswers.AcceptOnlyFromAmong("first-token", "error");

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, LockFile, Dataset, Metric, Ablation, Reference, BatchSize, MultiTokenAnswers })
            command.Options.Add(option);
    }

    /// <summary>The chosen metric, else <paramref name="algorithm"/>'s default, else <see cref="DefaultMetric"/>; an unknown name is an error listing the known ones.</summary>
    public Metric MetricOf(ParseResult parse, IAttributionAlgorithm? algorithm = null) =>
        MetricRegistry.Get(parse.GetValue(Metric) ?? algorithm?.DefaultMetric ?? DefaultMetric);

    /// <summary>
    /// The batch size given, else 32 — or, for an algorithm that cannot be averaged over batches (ACDC), every prompt
    /// of <paramref name="dataset"/> in one batch.
    /// </summary>
    public int BatchSizeOf(ParseResult parse, IAttributionAlgorithm? algorithm, PromptDataset dataset) =>
        algorithm is { AveragesOverBatches: false } && parse.GetResult(BatchSize) is not { Implicit: false }
            ? Math.Max(1, dataset.Prompts.Count)
            : parse.GetValue(BatchSize);

    /// <summary>The chosen ablation; an unknown name is an error listing the known ones.</summary>
    public AblationKind AblationOf(ParseResult parse) => Circuits.Patching.Ablation.Parse(parse.GetValue(Ablation)!);

    /// <summary>The multi-token answer policy.</summary>
    public MultiTokenAnswers PolicyOf(ParseResult parse) =>
        parse.GetValue(MultiTokenAnswers) == "error" ? Circuits.Data.MultiTokenAnswers.Error : Circuits.Data.MultiTokenAnswers.FirstToken;
}
