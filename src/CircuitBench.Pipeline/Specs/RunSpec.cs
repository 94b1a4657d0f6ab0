using CircuitBench.Circuits.Evaluation;

namespace CircuitBench.Pipeline.Specs;

/// <summary>
/// One run: which model, task, algorithm and settings. The first nine fields are the seed documents' (<c>model_id</c>,
/// <c>task</c>, <c>algorithm</c>, <c>seed</c>, <c>batch_size</c>, <c>sequence_length</c>, <c>cache_activations</c>,
/// <c>cache_gradients</c>, <c>output_dir</c>); the others are CircuitBench's. YAML keys are the snake_case names.
/// </summary>
/// <param name="ModelId">A toy recipe name (trained by the pipeline) or a snapshot reference (folder or hub id).</param>
/// <param name="Revision">Hub revision for a hub id (null: the cache's default ref).</param>
/// <param name="Task">Task name (see the task catalog).</param>
/// <param name="Algorithm">Attribution algorithm name.</param>
/// <param name="Seed">Seed of the toy model's training, the generated dataset and seeded algorithms.</param>
/// <param name="BatchSize">Prompts per forward pass.</param>
/// <param name="SequenceLength">Token length of generated prompts (null: the task's default).</param>
/// <param name="CacheActivations">Save the clean run's source activations as safetensors in the run folder.</param>
/// <param name="CacheGradients">Save the metric's gradients at the destination inputs as safetensors in the run folder.</param>
/// <param name="OutputDir">Where <c>run</c> stores run folders.</param>
/// <param name="Ablation">What ablated edges carry.</param>
/// <param name="Metric">The metric scores and faithfulness refer to.</param>
/// <param name="Level">edge or node scores.</param>
/// <param name="IgSteps">Integrated-gradient steps for algorithms with an <c>ig-steps</c> parameter (null: the algorithm's default).</param>
/// <param name="Thresholds">ACDC's τ grid as text (numbers with commas or <c>logspace(a,b,n)</c>; null: the default).</param>
/// <param name="Sizes">Circuit sizes as fractions of all edges (increasing, in (0, 1]).</param>
/// <param name="NumExamples">Prompts in the generated dataset.</param>
/// <param name="Dataset">A dataset JSON file to use instead of generating one (null: generate).</param>
/// <param name="Device">Always <c>cpu</c>.</param>
/// <param name="Parameters">Further algorithm parameters by their registry names.</param>
public sealed record RunSpec(
    string ModelId,
    string? Revision,
    string Task,
    string Algorithm,
    int Seed,
    int BatchSize,
    int? SequenceLength,
    bool CacheActivations,
    bool CacheGradients,
    string OutputDir,
    string Ablation,
    string Metric,
    string Level,
    int? IgSteps,
    string? Thresholds,
    IReadOnlyList<double> Sizes,
    int NumExamples,
    string? Dataset,
    string Device,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The YAML keys, in the order specs are written.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "model_id", "revision", "task", "algorithm", "seed", "batch_size", "sequence_length", "cache_activations", "cache_gradients",
        "output_dir", "ablation", "metric", "level", "ig_steps", "thresholds", "sizes", "num_examples", "dataset", "device", "parameters",
    ];

    /// <summary>Defaults of the optional fields.</summary>
    public static class Defaults
    {
        /// <summary><c>seed</c>.</summary>
        public const int Seed = 0;

        /// <summary><c>batch_size</c>.</summary>
        public const int BatchSize = 32;

        /// <summary><c>output_dir</c>.</summary>
        public const string OutputDir = "results/runs";

        /// <summary><c>ablation</c>.</summary>
        public const string Ablation = "resample";

        /// <summary><c>metric</c>.</summary>
        public const string Metric = "logit-diff";

        /// <summary><c>level</c>.</summary>
        public const string Level = "edge";

        /// <summary><c>num_examples</c>.</summary>
        public const int NumExamples = 64;

        /// <summary><c>sizes</c>: MIB's fractions.</summary>
        public static IReadOnlyList<double> Sizes => Faithfulness.MibFractions;
    }

    /// <summary>
    /// The algorithm parameters this run passes (by registry name): <see cref="Parameters"/>, plus <c>ig-steps</c> from
    /// <see cref="IgSteps"/> and <c>thresholds</c> from <see cref="Thresholds"/> when set, and <c>seed</c> for an
    /// algorithm that declares one (the random baseline) unless given.
    /// </summary>
    public SortedDictionary<string, string> AlgorithmParameters(IEnumerable<string> declared)
    {
        var names = declared.ToHashSet(StringComparer.Ordinal);
        var all = new SortedDictionary<string, string>(Parameters.ToDictionary(), StringComparer.Ordinal);
        if (IgSteps is { } steps) all["ig-steps"] = steps.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Thresholds is { } thresholds) all["thresholds"] = thresholds;
        if (names.Contains("seed") && !all.ContainsKey("seed")) all["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return all;
    }
}
