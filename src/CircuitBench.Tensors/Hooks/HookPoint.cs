namespace CircuitBench.Tensors.Hooks;

/// <summary>
/// A forward hook: sees the activation passing a <see cref="HookPoint"/> and returns a replacement,
/// or null to leave it unchanged (reading, caching). A replacement must have the same shape.
/// </summary>
public delegate Tensor? ForwardHook(Tensor activation, HookPoint point);

/// <summary>
/// A named place in a model's forward pass where callers can read, replace or add to an activation
/// (TransformerLens's <c>HookPoint</c>). Hooks run in the order they were added. With no hooks,
/// <see cref="Apply"/> returns its input untouched and costs nothing.
/// </summary>
public sealed class HookPoint
{
    private readonly List<ForwardHook> _hooks = [];

    /// <summary>Creates a hook point with its TransformerLens name, e.g. <c>blocks.0.attn.hook_z</c>.</summary>
    public HookPoint(string name) => Name = name;

    /// <summary>The hook point's name.</summary>
    public string Name { get; }

    /// <summary>True when at least one hook is attached.</summary>
    public bool HasHooks => _hooks.Count > 0;

    /// <summary>Attaches a hook; dispose the returned handle to remove it.</summary>
    public IDisposable Add(ForwardHook hook)
    {
        _hooks.Add(hook);
        return new Removal(this, hook);
    }

    /// <summary>Removes every hook.</summary>
    public void Clear() => _hooks.Clear();

    /// <summary>Runs the hooks on <paramref name="activation"/> and returns the (possibly replaced) activation.</summary>
    public Tensor Apply(Tensor activation)
    {
        foreach (var hook in _hooks.ToArray())
        {
            var replacement = hook(activation, this);
            if (replacement is null) continue;
            if (!ShapeMath.SameShape(replacement.Shape, activation.Shape))
                throw new InvalidOperationException($"A hook at '{Name}' returned {replacement} for an activation of shape {activation}; replacements must keep the shape.");
            activation = replacement;
        }
        return activation;
    }

    /// <summary>The hook point's name.</summary>
    public override string ToString() => Name;

    private sealed class Removal(HookPoint point, ForwardHook hook) : IDisposable
    {
        public void Dispose() => point._hooks.Remove(hook);
    }
}
