using CircuitBench.Tensors;

namespace CircuitBench.Models.Architecture;

/// <summary>Activations recorded by <see cref="HookedRuns.RunWithCache"/>, by hook-point name.</summary>
public sealed class ActivationCache
{
    private readonly Dictionary<string, Tensor> _byName = new(StringComparer.Ordinal);

    /// <summary>Names of the cached hook points, in forward order.</summary>
    public IReadOnlyList<string> Names => _order;

    private readonly List<string> _order = [];

    /// <summary>The activation at <paramref name="name"/>; an uncached name gives an error listing what is cached.</summary>
    public Tensor this[string name] => _byName.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"'{name}' is not in the cache; cached: {string.Join(", ", _order.Take(8))}{(_order.Count > 8 ? ", …" : "")}.");

    /// <summary>True when <paramref name="name"/> was cached.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    internal void Add(string name, Tensor activation)
    {
        if (_byName.TryAdd(name, activation)) _order.Add(name);
        else _byName[name] = activation;
    }
}
