using System.Globalization;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Patching;
using YamlDotNet.RepresentationModel;

namespace CircuitBench.Pipeline.Specs;

/// <summary>Reads run specs (<see cref="RunSpec"/>) from YAML; every error names file, line, column and the allowed values.</summary>
public static class RunSpecReader
{
    /// <summary>Reads the run spec file <paramref name="path"/>.</summary>
    public static RunSpec ReadFile(string path, SpecVocabulary vocabulary) => Read(SpecYaml.LoadFile(path), vocabulary);

    /// <summary>Reads a run spec from YAML <paramref name="text"/> (errors name <paramref name="file"/>).</summary>
    public static RunSpec Read(string text, string file, SpecVocabulary vocabulary) => Read(SpecYaml.Load(text, file), vocabulary);

    /// <summary>Reads a whole-file run spec: <c>model_id</c>, <c>task</c> and <c>algorithm</c> are required.</summary>
    public static RunSpec Read(SpecMap map, SpecVocabulary vocabulary)
    {
        map.RequireKnownKeys(RunSpec.Keys);
        var algorithm = map.RequiredChoice("algorithm", SpecVocabulary.Algorithms);
        var search = AlgorithmRegistry.Get(algorithm);
        var numExamples = map.Int("num_examples", RunSpec.Defaults.NumExamples, min: 1);
        var dataset = map.OptionalString("dataset");
        var spec = new RunSpec(
            ModelId: map.RequiredString("model_id"),
            Revision: map.OptionalString("revision"),
            Task: map.RequiredChoice("task", vocabulary.Tasks),
            Algorithm: algorithm,
            Seed: map.Int("seed", RunSpec.Defaults.Seed, min: 0),
            BatchSize: map.Int("batch_size", search.AveragesOverBatches || dataset is not null ? RunSpec.Defaults.BatchSize : numExamples, min: 1),
            SequenceLength: map.OptionalInt("sequence_length", min: 2),
            CacheActivations: map.Bool("cache_activations", false),
            CacheGradients: map.Bool("cache_gradients", false),
            OutputDir: map.OptionalString("output_dir") ?? RunSpec.Defaults.OutputDir,
            Ablation: map.Choice("ablation", SpecVocabulary.Ablations, RunSpec.Defaults.Ablation),
            Metric: map.Choice("metric", SpecVocabulary.Metrics, search.DefaultMetric ?? RunSpec.Defaults.Metric),
            Level: map.Choice("level", SpecVocabulary.Levels, RunSpec.Defaults.Level),
            IgSteps: map.OptionalInt("ig_steps", min: 1),
            Thresholds: Thresholds(map, "thresholds"),
            Sizes: Sizes(map, "sizes") ?? RunSpec.Defaults.Sizes,
            NumExamples: numExamples,
            Dataset: dataset,
            Device: map.Choice("device", SpecVocabulary.Devices, "cpu"),
            Parameters: Parameters(map, "parameters"));
        CheckAlgorithmFields(spec, map);
        if (search.Refuses(Ablation.Parse(spec.Ablation)) is { } refusal) throw map.ErrorAt("ablation", refusal);   // e.g. eap-ig-inputs needs resample
        return spec;
    }

    /// <summary>
    /// Rejects algorithm settings the chosen algorithm does not take: <c>ig_steps</c> without an <c>ig-steps</c>
    /// parameter, <c>thresholds</c> without a <c>thresholds</c> parameter, and any name under <c>parameters</c> it does not declare;
    /// and a generated dataset of more prompts than one batch for a search that must see them all at once (ACDC).
    /// </summary>
    public static void CheckAlgorithmFields(RunSpec spec, SpecMap map)
    {
        var algorithm = AlgorithmRegistry.Get(spec.Algorithm);
        var declared = algorithm.Parameters.Select(p => p.Name).ToArray();
        string Takes() => declared.Length == 0 ? "it takes no parameters" : $"it takes: {string.Join(", ", declared)}";
        if (spec.IgSteps is not null && !declared.Contains("ig-steps"))
            throw map.ErrorAt("ig_steps", $"algorithm '{spec.Algorithm}' has no ig-steps parameter ({Takes()}); remove ig_steps or choose eap-ig-inputs or eap-ig-activations.");
        if (spec.Thresholds is not null && !declared.Contains("thresholds"))
            throw map.ErrorAt("thresholds", $"algorithm '{spec.Algorithm}' has no thresholds parameter ({Takes()}); thresholds are for acdc.");
        if (!algorithm.AveragesOverBatches && spec.Dataset is null && spec.NumExamples > spec.BatchSize)
            throw map.ErrorAt("batch_size", $"algorithm '{spec.Algorithm}' decides from all prompts at once and cannot be averaged over batches; "
                + $"set batch_size to at least num_examples ({spec.NumExamples}).");
        foreach (var name in spec.Parameters.Keys)
            if (!declared.Contains(name))
                throw map.ErrorAt("parameters", $"algorithm '{spec.Algorithm}' has no parameter '{name}'.{Suggestions.Hint(name, declared)} {char.ToUpperInvariant(Takes()[0])}{Takes()[1..]}.");
    }

    /// <summary>ACDC thresholds as a list of numbers or <c>logspace(a,b,n)</c>, returned as the text the algorithm parses; null when absent.</summary>
    public static string? Thresholds(SpecMap map, string key)
    {
        if (map.Node(key) is not { } node) return null;
        var text = node is YamlScalarNode scalar ? scalar.Value ?? ""
            : string.Join(",", (map.NumberList(key) ?? []).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        try
        {
            var values = Acdc.ParseThresholds(text);
            if (values.Any(v => !double.IsFinite(v) || v < 0)) throw new ArgumentException("every τ must be a finite number ≥ 0.");
        }
        catch (ArgumentException e)
        {
            throw map.Error(node, $"'{key}': {e.Message} Write a list like [0.001, 0.01] or logspace(-4,0,21).");
        }
        return text;
    }

    /// <summary>Circuit sizes: increasing fractions in (0, 1]; null when absent.</summary>
    public static IReadOnlyList<double>? Sizes(SpecMap map, string key)
    {
        var sizes = map.NumberList(key);
        if (sizes is null) return null;
        var items = map.List(key)!;
        for (var i = 0; i < sizes.Count; i++)
        {
            if (!(sizes[i] > 0 && sizes[i] <= 1)) throw map.Error(items[i].Node, $"'{key}': {items[i].Value} is not a fraction of the edges in (0, 1].");
            if (i > 0 && sizes[i] <= sizes[i - 1]) throw map.Error(items[i].Node, $"'{key}' must increase; {items[i].Value} follows {items[i - 1].Value}.");
        }
        return sizes;
    }

    /// <summary>Algorithm parameters as name: value lines; empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> Parameters(SpecMap map, string key)
    {
        if (map.Map(key) is not { } block) return new SortedDictionary<string, string>(StringComparer.Ordinal);
        return new SortedDictionary<string, string>(block.Keys.ToDictionary(k => k, k => block.OptionalString(k)!), StringComparer.Ordinal);
    }
}
