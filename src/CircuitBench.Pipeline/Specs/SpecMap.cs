using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace CircuitBench.Pipeline.Specs;

/// <summary>
/// A YAML mapping of a spec file with typed, position-aware accessors. Every error is a <see cref="SpecException"/> at
/// the offending key or value, naming the expected type or the allowed values.
/// </summary>
public sealed class SpecMap
{
    private readonly YamlMappingNode _node;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    internal SpecMap(string file, YamlMappingNode node, string what)
    {
        (File, _node, What) = (file, node, what);
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode scalar || scalar.Value is null)
                throw Error(key, $"keys of {what} must be plain words.");
            if (!_entries.TryAdd(scalar.Value, (scalar, value)))
                throw Error(key, $"'{scalar.Value}' is given twice in {what}.");
        }
    }

    /// <summary>The spec file.</summary>
    public string File { get; }

    /// <summary>What this mapping is, for messages (e.g. "the file", "parameters.acdc").</summary>
    public string What { get; }

    /// <summary>The keys in file order.</summary>
    public IEnumerable<string> Keys => _node.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!);

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>Rejects any key not in <paramref name="allowed"/>, with a "did you mean" and the allowed keys.</summary>
    public void RequireKnownKeys(IReadOnlyCollection<string> allowed)
    {
        foreach (var (name, (key, _)) in _entries)
            if (!allowed.Contains(name))
                throw Error(key, $"unknown key '{name}' in {What}.{Suggestions.Hint(name, allowed)} Allowed keys: {string.Join(", ", allowed)}.");
    }

    /// <summary>The error at the key <paramref name="key"/> (or at the mapping when absent).</summary>
    public SpecException ErrorAt(string key, string problem) =>
        _entries.TryGetValue(key, out var entry) ? Error(entry.Value, problem) : Error(_node, problem);

    /// <summary>An error at <paramref name="node"/>'s start.</summary>
    public SpecException Error(YamlNode node, string problem) => new(File, node.Start.Line, node.Start.Column, problem);

    /// <summary>A required text value.</summary>
    public string RequiredString(string key) =>
        OptionalString(key) ?? throw Error(_node, $"{What} needs '{key}'.");

    /// <summary>A text value, or null when absent.</summary>
    public string? OptionalString(string key)
    {
        if (!_entries.TryGetValue(key, out var entry)) return null;
        return entry.Value is YamlScalarNode { Value: { Length: > 0 } text } ? text
            : throw Error(entry.Value, $"'{key}' must be a single non-empty value.");
    }

    /// <summary>A text value from <paramref name="allowed"/> (or <paramref name="fallback"/> when absent).</summary>
    public string Choice(string key, IReadOnlyCollection<string> allowed, string fallback)
    {
        var value = OptionalString(key);
        if (value is null) return fallback;
        return allowed.Contains(value) ? value : throw ErrorAt(key, NotAllowed(key, value, allowed));
    }

    /// <summary>The message for <paramref name="value"/> not being one of <paramref name="allowed"/>.</summary>
    public static string NotAllowed(string key, string value, IReadOnlyCollection<string> allowed) =>
        $"'{value}' is not a valid {key}.{Suggestions.Hint(value, allowed)} Allowed values: {string.Join(", ", allowed)}.";

    /// <summary>A required text value from <paramref name="allowed"/>.</summary>
    public string RequiredChoice(string key, IReadOnlyCollection<string> allowed) =>
        Has(key) ? Choice(key, allowed, "") : throw Error(_node, $"{What} needs '{key}'; one of: {string.Join(", ", allowed)}.");

    /// <summary>An integer of at least <paramref name="min"/>, or <paramref name="fallback"/> when absent.</summary>
    public int Int(string key, int fallback, int min) => OptionalInt(key, min) ?? fallback;

    /// <summary>An integer of at least <paramref name="min"/>, or null when absent.</summary>
    public int? OptionalInt(string key, int min)
    {
        if (OptionalString(key) is not { } text) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw ErrorAt(key, $"'{key}' must be an integer; got '{text}'.");
        return value >= min ? value : throw ErrorAt(key, $"'{key}' must be at least {min}; got {value}.");
    }

    /// <summary>true or false, or <paramref name="fallback"/> when absent.</summary>
    public bool Bool(string key, bool fallback)
    {
        if (OptionalString(key) is not { } text) return fallback;
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw ErrorAt(key, $"'{key}' must be true or false; got '{text}'."),
        };
    }

    /// <summary>The raw node of <paramref name="key"/>, or null.</summary>
    public YamlNode? Node(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>A nested mapping, or null when absent.</summary>
    public SpecMap? Map(string key)
    {
        if (Node(key) is not { } node) return null;
        return node is YamlMappingNode mapping ? new SpecMap(File, mapping, What == "the file" ? key : $"{What}.{key}")
            : throw Error(node, $"'{key}' must be a mapping (indented key: value lines).");
    }

    /// <summary>
    /// A list of scalars (a YAML sequence, or one scalar meaning a one-item list), each with its node for errors;
    /// null when absent. An empty list is an error.
    /// </summary>
    public IReadOnlyList<(string Value, YamlNode Node)>? List(string key)
    {
        if (Node(key) is not { } node) return null;
        IEnumerable<YamlNode> items = node switch
        {
            YamlSequenceNode sequence => sequence.Children,
            YamlScalarNode => [node],
            _ => throw Error(node, $"'{key}' must be a list ([a, b] or '- a' lines)."),
        };
        var list = items.Select(item => item is YamlScalarNode { Value: { Length: > 0 } text } ? (text, item)
            : throw Error(item, $"the items of '{key}' must be single values.")).ToArray();
        return list.Length > 0 ? list : throw Error(node, $"'{key}' must list at least one value.");
    }

    /// <summary>A list of numbers, or null when absent.</summary>
    public IReadOnlyList<double>? NumberList(string key) => List(key)?.Select(item =>
        double.TryParse(item.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
            : throw Error(item.Node, $"the items of '{key}' must be numbers; got '{item.Value}'.")).ToArray();

    /// <summary>Nested mappings by key in file order (e.g. per-algorithm parameter blocks).</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, SpecMap Value)> Maps() => Keys.Select(key => (key, (YamlNode)_entries[key].Key,
        _entries[key].Value is YamlMappingNode m ? new SpecMap(File, m, $"{What}.{key}") : throw Error(_entries[key].Value, $"'{key}' must be a mapping of key: value lines.")));

    /// <summary>The node of the key itself (for errors about the key).</summary>
    public YamlNode KeyNode(string key) => _entries[key].Key;
}
