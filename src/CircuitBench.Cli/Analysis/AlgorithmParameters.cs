using CircuitBench.Circuits.Attribution;

namespace CircuitBench.Cli.Analysis;

/// <summary>The parameters given to an algorithm on the command line: <c>--param k=v</c> (repeatable) and <c>--ig-steps N</c>.</summary>
internal static class AlgorithmParameters
{
    /// <summary>The name <c>--ig-steps</c> sets.</summary>
    public const string IgSteps = "ig-steps";

    /// <summary>
    /// The explicitly given parameters, checked against <paramref name="algorithm"/>'s declared ones: a malformed pair,
    /// an undeclared name (the error lists the declared ones) or a name given twice is an error.
    /// </summary>
    public static Dictionary<string, string> Parse(IAttributionAlgorithm algorithm, IEnumerable<string> pairs, int? igSteps)
    {
        var declared = algorithm.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string value, string how)
        {
            if (!declared.Contains(name))
                throw new ArgumentException($"{how}: algorithm '{algorithm.Name}' has no parameter '{name}'; "
                    + (declared.Count == 0 ? "it takes none." : $"it takes: {string.Join(", ", declared.Order(StringComparer.Ordinal))}."));
            if (!given.TryAdd(name, value)) throw new ArgumentException($"{how}: parameter '{name}' is given twice.");
        }
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new ArgumentException($"--param '{pair}': write name=value, e.g. --param {IgSteps}=10.");
            Add(pair[..equals].Trim(), pair[(equals + 1)..].Trim(), $"--param '{pair}'");
        }
        if (igSteps is { } steps) Add(IgSteps, steps.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--ig-steps {steps}");
        return given;
    }

    /// <summary>Every declared parameter with its value for this run (given, else the declared default).</summary>
    public static SortedDictionary<string, string> Effective(IAttributionAlgorithm algorithm, IReadOnlyDictionary<string, string> given) =>
        new(algorithm.Parameters.ToDictionary(p => p.Name, p => given.GetValueOrDefault(p.Name, p.Default)), StringComparer.Ordinal);
}
