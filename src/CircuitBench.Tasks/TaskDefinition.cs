namespace CircuitBench.Tasks;

/// <summary>How a task's prompts are written in its dataset files.</summary>
public enum PromptEncoding
{
    /// <summary>Arrays of token ids (toy models without a tokenizer, random-token tasks).</summary>
    TokenIds,

    /// <summary>Text, tokenized with the model's tokenizer when read (BOS per the model's convention).</summary>
    Text,
}

/// <summary>Where a task's ground-truth circuit comes from.</summary>
public enum GroundTruthSource
{
    /// <summary>None is known; ROC/AUC use the exact-patching reference (<c>GroundTruths.ExactPatchingReference</c>).</summary>
    None,

    /// <summary>A published circuit, as a JSON file under <c>datasets/ground-truth/</c>.</summary>
    Literature,

    /// <summary>Derived from a trained model's attention diagnostics (<c>GroundTruths.InductionGroundTruth</c>).</summary>
    HeadDiagnostics,
}

/// <summary>
/// A registered task: what it is, how it is measured, what it needs, and how its datasets are made. Every generator
/// pairs clean and corrupt prompts token by token (equal lengths), as resample ablation needs.
/// </summary>
/// <param name="Name">Registry name, e.g. <c>ioi</c>, <c>toy-induction</c>.</param>
/// <param name="Description">One line for listings.</param>
/// <param name="DefaultMetric">The metric the task is usually measured with (a <see cref="Circuits.Metrics.MetricRegistry"/> name).</param>
/// <param name="Encoding">Whether its prompts are text or token ids.</param>
/// <param name="Tokenizer">The tokenizer its text is written for (<c>gpt2</c>), or null for token-id tasks.</param>
/// <param name="Models">The models it is meant for (recipe or preset names); empty when any model with a vocabulary fits.</param>
/// <param name="GroundTruth">Where its ground-truth circuit comes from.</param>
/// <param name="GroundTruthFile">The ground-truth file under <c>datasets/</c> for <see cref="GroundTruthSource.Literature"/>, else null.</param>
/// <param name="Generator">Makes its datasets.</param>
public sealed record TaskDefinition(
    string Name,
    string Description,
    string DefaultMetric,
    PromptEncoding Encoding,
    string? Tokenizer,
    IReadOnlyList<string> Models,
    GroundTruthSource GroundTruth,
    string? GroundTruthFile,
    ITaskGenerator Generator)
{
    /// <summary>True when a ground truth exists (published or derived); every small model also has the exact-patching reference.</summary>
    public bool HasGroundTruth => GroundTruth != GroundTruthSource.None;

    /// <summary>Generates the task's dataset for <paramref name="request"/>.</summary>
    public Datasets.TaskDataset Generate(GenerationRequest request) => new(Name, request.Seed, Generator.Generate(request.Validate()));
}
