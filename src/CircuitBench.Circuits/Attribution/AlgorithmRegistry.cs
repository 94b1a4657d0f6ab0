namespace CircuitBench.Circuits.Attribution;

/// <summary>The attribution algorithms by name; users can register their own.</summary>
public static class AlgorithmRegistry
{
    private static readonly Dictionary<string, IAttributionAlgorithm> ByName = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    static AlgorithmRegistry()
    {
        Register(new EapAlgorithm());
        Register(new ExactPatchingAlgorithm());
        Register(new EapIgInputsAlgorithm());
        Register(new EapIgActivationsAlgorithm());
        Register(new CleanCorruptedAlgorithm());
        Register(new AcdcAlgorithm());
        Register(new HispAlgorithm());
        Register(new AttributionPatchingAlgorithm());
        Register(new RandomBaselineAlgorithm());
    }

    /// <summary>Every registered algorithm, by name.</summary>
    public static IReadOnlyList<IAttributionAlgorithm> All
    {
        get
        {
            lock (Gate) return [.. ByName.Values.OrderBy(a => a.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Adds an algorithm; a second one with the same name is an error.</summary>
    public static void Register(IAttributionAlgorithm algorithm)
    {
        lock (Gate)
            if (!ByName.TryAdd(algorithm.Name, algorithm))
                throw new ArgumentException($"An algorithm called '{algorithm.Name}' is already registered.");
    }

    /// <summary>The algorithm called <paramref name="name"/>; unknown names give an error listing the registered ones.</summary>
    public static IAttributionAlgorithm Get(string name)
    {
        lock (Gate)
            return ByName.TryGetValue(name, out var algorithm)
                ? algorithm
                : throw new ArgumentException($"Unknown algorithm '{name}'; registered: {string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal))}.");
    }
}
