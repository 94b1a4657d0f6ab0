using System.CommandLine;
using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Models.Snapshots;
using CircuitBench.Models.Tokenization;

namespace CircuitBench.Cli.Analysis;

/// <summary>
/// A loaded model with its graph and a dataset read for it.
/// </summary>
/// <param name="Resolved">The model's files.</param>
/// <param name="Locked">The file hashes, when the model was verified against a lock file (else null).</param>
/// <param name="LockPath">The lock file used (full path), or null.</param>
/// <param name="Model">The model.</param>
/// <param name="Graph">Its computational graph.</param>
/// <param name="Dataset">The dataset as token ids.</param>
internal sealed record AnalysisInputs(ResolvedModel Resolved, LockedModel? Locked, string? LockPath, HookedTransformer Model, CircuitGraph Graph, PromptDataset Dataset)
{
    /// <summary>The dataset the mean ablations average over (<c>--reference</c>), or null: the dataset itself.</summary>
    public PromptDataset? Reference { get; init; }

    /// <summary>
    /// Resolves the model (verifying it first when a lock file is given), loads it and its tokenizer (when the folder has
    /// tokenizer files), and reads the dataset and the reference dataset, if any; dataset warnings go to stderr.
    /// </summary>
    public static AnalysisInputs Load(ParseResult parse, AnalysisOptions options, SnapshotResolver resolver)
    {
        var reference = parse.GetValue(options.Model)!;
        var lockPath = parse.GetValue(options.LockFile) is { } given ? Path.GetFullPath(given) : null;
        var resolved = lockPath is null ? resolver.Resolve(reference) : ModelLock.Require(lockPath, reference, resolver);
        var model = ModelLoader.Load(resolved);
        var tokenizer = resolved.TokenizerFiles.Count > 0 ? Gpt2Tokenizer.FromFolder(resolved.Folder) : null;
        var readOptions = DatasetReadOptions.For(model.Config, tokenizer) with { MultiTokenAnswers = options.PolicyOf(parse) };
        var dataset = DatasetReader.Read(parse.GetValue(options.Dataset)!, readOptions);
        var means = parse.GetValue(options.Reference) is { } referencePath ? DatasetReader.Read(referencePath, readOptions) : null;
        foreach (var warning in dataset.Warnings.Concat(means?.Warnings ?? []))
            parse.InvocationConfiguration.Error.WriteLine($"warning: {warning}");
        var locked = lockPath is null ? null : LockedModel.Hash(resolved);
        return new AnalysisInputs(resolved, locked, lockPath, model, CircuitGraph.FromConfig(model.Config), dataset) { Reference = means };
    }
}
