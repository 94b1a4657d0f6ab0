namespace CircuitBench.Tensors.Hooks;

/// <summary>The hook points of one model, by name, in the order the forward pass reaches them.</summary>
public sealed class HookRegistry
{
    private readonly Dictionary<string, HookPoint> _byName = new(StringComparer.Ordinal);
    private readonly List<HookPoint> _ordered = [];

    /// <summary>Every hook point in forward order.</summary>
    public IReadOnlyList<HookPoint> All => _ordered;

    /// <summary>Creates and registers a hook point; names must be unique.</summary>
    public HookPoint Create(string name)
    {
        var point = new HookPoint(name);
        if (!_byName.TryAdd(name, point)) throw new ArgumentException($"Hook point '{name}' is registered twice.", nameof(name));
        _ordered.Add(point);
        return point;
    }

    /// <summary>The hook point called <paramref name="name"/>; an unknown name gives an error with the closest known names.</summary>
    public HookPoint this[string name] => _byName.TryGetValue(name, out var point)
        ? point
        : throw new KeyNotFoundException($"No hook point '{name}'. Did you mean: {string.Join(", ", Closest(name))}?");

    /// <summary>Removes every hook from every point.</summary>
    public void ClearAll()
    {
        foreach (var point in _ordered) point.Clear();
    }

    private IEnumerable<string> Closest(string name) =>
        _ordered.Select(p => p.Name).OrderBy(n => EditDistance(n, name)).ThenBy(n => n, StringComparer.Ordinal).Take(3);

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
