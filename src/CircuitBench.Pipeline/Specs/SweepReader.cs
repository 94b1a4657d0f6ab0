using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace CircuitBench.Pipeline.Specs;

/// <summary>
/// Reads sweep files:
/// <code>
/// name: default
/// axes: {models: [...], tasks: [...], algorithms: [...], ablations: [...], metrics: [...], seeds: [...]}
/// excludes: [{models: toy-mlp-2l, tasks: toy-induction}, {algorithms: eap-ig-inputs, ablations: [mean, zero]}]
/// defaults: {batch_size: 64, num_examples: 64, sizes: [...]}          # run-spec fields shared by every cell
/// parameters: {acdc: {thresholds: logspace(-4,0,21)}, eap-ig-activations: {ig_steps: 5}}
/// </code>
/// <c>models</c>, <c>tasks</c> and <c>algorithms</c> are required; <c>ablations</c>, <c>metrics</c> and <c>seeds</c>
/// default to the run spec's defaults. An exclude removes every cell whose values lie in all of its listed axes; its
/// values must appear on those axes. Every error names file, line, column and the allowed keys or values.
/// </summary>
public static class SweepReader
{
    /// <summary>The top-level keys.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["name", "axes", "excludes", "defaults", "parameters"];

    /// <summary>The axes, in expansion order.</summary>
    public static IReadOnlyList<string> Axes { get; } = ["models", "tasks", "algorithms", "ablations", "metrics", "seeds"];

    /// <summary>Run-spec fields the sweep's <c>defaults</c> may set (the others come from the axes or <c>parameters</c>).</summary>
    public static IReadOnlyList<string> DefaultKeys { get; } =
        [.. RunSpec.Keys.Except(["model_id", "task", "algorithm", "seed", "ablation", "metric", "ig_steps", "thresholds", "parameters"])];

    /// <summary>Reads the sweep file <paramref name="path"/>.</summary>
    public static SweepSpec ReadFile(string path, SpecVocabulary vocabulary) => Read(SpecYaml.LoadFile(path), vocabulary);

    /// <summary>Reads a sweep from YAML <paramref name="text"/> (errors name <paramref name="file"/>).</summary>
    public static SweepSpec Read(string text, string file, SpecVocabulary vocabulary) => Read(SpecYaml.Load(text, file), vocabulary);

    private static SweepSpec Read(SpecMap map, SpecVocabulary vocabulary)
    {
        map.RequireKnownKeys(Keys);
        var name = map.RequiredString("name");
        if (!RunIds.IsSafe(name)) throw map.ErrorAt("name", $"the sweep name '{name}' must be letters, digits, '.', '-' or '_' (it names a folder).");
        var axes = map.Map("axes") ?? throw map.ErrorAt("axes", "the sweep needs 'axes' (models, tasks, algorithms; optionally ablations, metrics, seeds).");
        axes.RequireKnownKeys(Axes);
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["models"] = Axis(axes, "models", null),
            ["tasks"] = Axis(axes, "tasks", vocabulary.Tasks),
            ["algorithms"] = Axis(axes, "algorithms", SpecVocabulary.Algorithms),
            ["ablations"] = Axis(axes, "ablations", SpecVocabulary.Ablations, RunSpec.Defaults.Ablation),
            ["metrics"] = Axis(axes, "metrics", SpecVocabulary.Metrics, RunSpec.Defaults.Metric),
            ["seeds"] = Seeds(axes),
        };
        var excludes = Excludes(map, values);
        var template = Defaults(map);
        var perAlgorithm = Parameters(map, values["algorithms"]);
        var cells = new List<SweepCell>();
        foreach (var model in values["models"])
        foreach (var task in values["tasks"])
        foreach (var algorithm in values["algorithms"])
        foreach (var ablation in values["ablations"])
        foreach (var metric in values["metrics"])
        foreach (var seed in values["seeds"])
        {
            var cell = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["models"] = model, ["tasks"] = task, ["algorithms"] = algorithm, ["ablations"] = ablation, ["metrics"] = metric, ["seeds"] = seed,
            };
            if (excludes.Any(exclude => exclude.All(axis => axis.Value.Contains(cell[axis.Key])))) continue;
            var spec = perAlgorithm.GetValueOrDefault(algorithm, template) with
            {
                ModelId = model, Task = task, Algorithm = algorithm, Ablation = ablation, Metric = metric,
                Seed = int.Parse(seed, CultureInfo.InvariantCulture),
            };
            cells.Add(new SweepCell(SweepCell.IdOf(spec), spec));
        }
        if (cells.Count == 0) throw map.ErrorAt("excludes", "the excludes remove every cell of the sweep.");
        return new SweepSpec(name, map.File, cells);
    }

    private static IReadOnlyList<string> Axis(SpecMap axes, string key, IReadOnlyList<string>? allowed, string? fallback = null)
    {
        var items = axes.List(key);
        if (items is null)
            return fallback is not null ? [fallback] : throw axes.ErrorAt(key, $"axes needs '{key}'" + (allowed is null ? "." : $"; allowed values: {string.Join(", ", allowed)}."));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, node) in items)
        {
            if (allowed is not null && !allowed.Contains(value)) throw axes.Error(node, $"axes.{key}: " + SpecMap.NotAllowed(key.TrimEnd('s'), value, allowed));
            if (!RunIds.IsSafe(value.Replace('/', '-').Replace('@', '-'))) throw axes.Error(node, $"axes.{key}: '{value}' holds characters a cell id cannot (use letters, digits, '.', '-', '_', '/', '@').");
            if (!seen.Add(value)) throw axes.Error(node, $"axes.{key}: '{value}' is listed twice.");
        }
        return [.. items.Select(i => i.Value)];
    }

    private static IReadOnlyList<string> Seeds(SpecMap axes)
    {
        var items = axes.List("seeds");
        if (items is null) return [RunSpec.Defaults.Seed.ToString(CultureInfo.InvariantCulture)];
        var seeds = items.Select(item => int.TryParse(item.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed.ToString(CultureInfo.InvariantCulture) : throw axes.Error(item.Node, $"axes.seeds: '{item.Value}' is not a non-negative integer.")).ToArray();
        var twice = seeds.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? seeds : throw axes.ErrorAt("seeds", $"axes.seeds: {twice.Key} is listed twice.");
    }

    private static List<Dictionary<string, HashSet<string>>> Excludes(SpecMap map, IReadOnlyDictionary<string, IReadOnlyList<string>> axes)
    {
        var list = new List<Dictionary<string, HashSet<string>>>();
        if (map.Node("excludes") is not { } node) return list;
        if (node is not YamlSequenceNode sequence) throw map.Error(node, "'excludes' must be a list of mappings such as {models: toy-mlp-2l, tasks: toy-induction}.");
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping) throw map.Error(item, "each exclude must be a mapping of axes to values, e.g. {algorithms: eap-ig-inputs, ablations: [mean, zero]}.");
            var exclude = new SpecMap(map.File, mapping, "an exclude");
            exclude.RequireKnownKeys(Axes);
            var entry = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var axis in exclude.Keys)
            {
                var values = exclude.List(axis)!;
                foreach (var (value, valueNode) in values)
                    if (!axes[axis].Contains(value))
                        throw exclude.Error(valueNode, $"excludes: '{value}' is not on axes.{axis}.{Suggestions.Hint(value, axes[axis])} Values on that axis: {string.Join(", ", axes[axis])}.");
                entry[axis] = [.. values.Select(v => v.Value)];
            }
            if (entry.Count == 0) throw map.Error(item, "an exclude must name at least one axis.");
            list.Add(entry);
        }
        return list;
    }

    private static RunSpec Defaults(SpecMap map)
    {
        var defaults = map.Map("defaults");
        defaults?.RequireKnownKeys(DefaultKeys);
        var d = defaults ?? SpecYaml.Load("{}", map.File);
        return new RunSpec(
            ModelId: "", Revision: d.OptionalString("revision"), Task: "", Algorithm: "", Seed: 0,
            BatchSize: d.Int("batch_size", RunSpec.Defaults.BatchSize, min: 1),
            SequenceLength: d.OptionalInt("sequence_length", min: 2),
            CacheActivations: d.Bool("cache_activations", false),
            CacheGradients: d.Bool("cache_gradients", false),
            OutputDir: d.OptionalString("output_dir") ?? RunSpec.Defaults.OutputDir,
            Ablation: "", Metric: "",
            Level: d.Choice("level", SpecVocabulary.Levels, RunSpec.Defaults.Level),
            IgSteps: null, Thresholds: null,
            Sizes: RunSpecReader.Sizes(d, "sizes") ?? RunSpec.Defaults.Sizes,
            NumExamples: d.Int("num_examples", RunSpec.Defaults.NumExamples, min: 1),
            Dataset: d.OptionalString("dataset"),
            Device: d.Choice("device", SpecVocabulary.Devices, "cpu"),
            Parameters: new SortedDictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>Per algorithm: the defaults with its ig_steps, thresholds and named parameters, checked against what it declares.</summary>
    private static Dictionary<string, RunSpec> Parameters(SpecMap map, IReadOnlyList<string> algorithms)
    {
        var template = Defaults(map);
        var result = new Dictionary<string, RunSpec>(StringComparer.Ordinal);
        if (map.Map("parameters") is not { } blocks) return result;
        foreach (var (algorithm, keyNode, block) in blocks.Maps())
        {
            if (!algorithms.Contains(algorithm))
                throw blocks.Error(keyNode, $"parameters for '{algorithm}', which is not on axes.algorithms.{Suggestions.Hint(algorithm, algorithms)} Algorithms of this sweep: {string.Join(", ", algorithms)}.");
            var declared = Circuits.Attribution.AlgorithmRegistry.Get(algorithm).Parameters.Select(p => p.Name).ToArray();
            block.RequireKnownKeys([.. new[] { "ig_steps", "thresholds" }.Concat(declared).Distinct()]);
            var named = block.Keys.Where(k => k is not ("ig_steps" or "thresholds")).ToDictionary(k => k, k => block.OptionalString(k)!);
            var spec = template with
            {
                Algorithm = algorithm,
                IgSteps = block.OptionalInt("ig_steps", min: 1),
                Thresholds = RunSpecReader.Thresholds(block, "thresholds"),
                Parameters = new SortedDictionary<string, string>(named, StringComparer.Ordinal),
            };
            RunSpecReader.CheckAlgorithmFields(spec, block);
            result[algorithm] = spec;
        }
        return result;
    }
}
