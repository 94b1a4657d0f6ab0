namespace CircuitBench.Tensors;

/// <summary>
/// Returns the storage of the tensors made inside it to the pool when disposed, so that a forward or a
/// forward/backward's intermediates are reused by the next one instead of being left to the garbage collector
/// (PyTorch frees them by reference counting). Opt-in and per thread: tensors made on this thread between
/// <see cref="Begin"/> and <see cref="Dispose"/> are released then, except
/// <list type="bullet">
/// <item>those passed to <see cref="Keep"/> (a view keeps its source), which move to the enclosing scope if any;</item>
/// <item>gradients a backward leaves on leaves or on intermediates that retain them (<see cref="Tensor.Grad"/>).</item>
/// </list>
/// Anything else made inside (outputs, cached activations, copies taken in hooks) is unusable afterwards and says so
/// when touched (<see cref="ObjectDisposedException"/>).
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? t_current;

    private readonly TensorScope? _outer;
    private readonly List<Tensor> _made = [];
    private readonly HashSet<Tensor> _kept = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    private TensorScope(TensorScope? outer) => _outer = outer;

    /// <summary>Starts a scope on the current thread; scopes nest.</summary>
    public static TensorScope Begin() => t_current = new TensorScope(t_current);

    /// <summary>
    /// Keeps <paramref name="tensor"/> (and, for a view, the tensor it views) valid after this scope; returns it. Deferred
    /// contents (<see cref="Ops.ExpandLazily"/>) are written now, while what they read is still valid.
    /// </summary>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _ = tensor.Storage;
        _kept.Add(tensor.Owner);
        return tensor;
    }

    /// <summary>Releases every tensor made inside that was neither kept nor left as a gradient; kept ones pass to the enclosing scope.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (t_current == this) t_current = _outer;
        foreach (var tensor in _made)
        {
            if (tensor.Escaped) continue;
            if (_kept.Contains(tensor)) _outer?._made.Add(tensor);
            else tensor.Dispose();
        }
        _made.Clear();
    }

    /// <summary>Called for every tensor that owns its storage when it is made.</summary>
    internal static void Register(Tensor tensor) => t_current?._made.Add(tensor);
}
