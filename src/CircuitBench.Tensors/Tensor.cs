using System.Buffers;

namespace CircuitBench.Tensors;

/// <summary>
/// A dense float32 tensor: contiguous row-major storage and a shape.
/// Storage is rented from the tensors' pool; <see cref="Dispose"/> (or the end of a <see cref="TensorScope"/>)
/// returns it so hot loops do not allocate. A tensor made by <see cref="Ops.Reshape"/> is a view reading its source's
/// storage; it never returns it, and it refuses access once its source is disposed.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    /// <summary>
    /// The storage pool: power-of-two buckets up to 2³⁰ floats, up to 256 arrays each, so that a whole forward/backward's
    /// intermediates, returned by a <see cref="TensorScope"/>, are reused by the next pass instead of allocated fresh.
    /// It keeps what was returned (at most the largest set of tensors alive at once) for the life of the process.
    /// </summary>
    private static readonly ArrayPool<float> Pool = ArrayPool<float>.Create(1 << 30, 256);

    private static long s_liveStorage;                         // storage rented from the pool and not returned

    private float[]? _storage;
    private readonly int[] _shape;
    private readonly bool _ownsStorage;
    private readonly Tensor? _source;
    private List<Action<Tensor>>? _gradHooks;
    private volatile PendingForm? _pending;                   // a Deferred tensor's contents, not written yet

    private Tensor(float[] storage, int[] shape, bool ownsStorage, Tensor? source = null)
    {
        _storage = storage;
        _shape = shape;
        _ownsStorage = ownsStorage;
        _source = source;
        Size = ShapeMath.ElementCount(shape);
        if (ownsStorage) TensorScope.Register(this);
    }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public int Size { get; }

    /// <summary>The elements in row-major order.</summary>
    public Span<float> Data => Storage.AsSpan(0, Size);

    /// <summary>True when gradients flow to this tensor in a <see cref="Autograd.GradTape"/>.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>
    /// The accumulated gradient. Leaves (tensors not produced by a recorded op) keep it across
    /// backward passes; intermediate tensors keep it only after <see cref="RetainGrad"/>.
    /// </summary>
    public Tensor? Grad { get; internal set; }

    /// <summary>True when an intermediate tensor keeps its gradient after backward.</summary>
    public bool RetainsGrad { get; private set; }

    /// <summary>The tape entry that produced this tensor, or -1 for a leaf.</summary>
    internal int ProducerIndex { get; set; } = -1;

    /// <summary>The tape that recorded the op producing this tensor (null for leaves).</summary>
    internal Autograd.GradTape? Tape { get; set; }

    internal float[] Storage
    {
        get
        {
            if (_storage is null || (_source is not null && _source._storage is null))
                throw new ObjectDisposedException(nameof(Tensor), "This tensor (or the tensor it views) was disposed; its storage went back to the pool.");
            if (_pending is not null) WritePending();
            return _storage;
        }
    }

    /// <summary>The tensor that owns this one's storage: itself, or the source of a view.</summary>
    internal Tensor Owner => _source ?? this;

    /// <summary>True when this tensor outlives the <see cref="TensorScope"/> it was made in (a gradient kept on a leaf or a retained intermediate).</summary>
    internal bool Escaped { get; set; }

    /// <summary>Size of one dimension; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[ShapeMath.NormalizeAxis(axis, Rank)];

    /// <summary>Copies the elements into a new array.</summary>
    public float[] ToArray() => Data.ToArray();

    /// <summary>The single element of a one-element tensor.</summary>
    public float Item() => Size == 1 ? Data[0] : throw new InvalidOperationException($"Item() needs a one-element tensor; this one has shape {ShapeMath.Format(_shape)}.");

    /// <summary>
    /// Drops the accumulated gradient and returns its storage to the pool, so that the next backward starts from
    /// none (PyTorch's <c>zero_grad(set_to_none=True)</c>). A reference to the old <see cref="Grad"/> is invalid afterwards.
    /// </summary>
    public void ClearGrad()
    {
        Grad?.Dispose();
        Grad = null;
    }

    /// <summary>Keeps this intermediate tensor's gradient after backward (leaves always keep theirs).</summary>
    public Tensor RetainGrad()
    {
        RetainsGrad = true;
        return this;
    }

    /// <summary>
    /// Registers a hook called with this tensor's complete gradient as soon as backward knows it,
    /// before the gradient of an intermediate tensor is released. The hook must not keep the
    /// gradient tensor beyond the call unless it copies it.
    /// </summary>
    public void RegisterGradHook(Action<Tensor> hook) => (_gradHooks ??= []).Add(hook);

    internal void RunGradHooks(Tensor grad)
    {
        if (_gradHooks is null) return;
        foreach (var hook in _gradHooks) hook(grad);
    }

    /// <summary>Returns the storage to the pool (views release nothing). The tensor is unusable afterwards.</summary>
    public void Dispose()
    {
        _pending = null;
        if (_storage is not null && _ownsStorage)
        {
            Pool.Return(_storage);
            Interlocked.Decrement(ref s_liveStorage);
        }
        _storage = null;
    }

    /// <summary>
    /// Tensors holding storage from the pool that has not gone back (a diagnostic: a loop whose count keeps growing
    /// leaves its tensors to the garbage collector instead of a <see cref="TensorScope"/>, and allocates fresh memory).
    /// </summary>
    public static long LiveStorage => Interlocked.Read(ref s_liveStorage);

    /// <summary>The shape as text, e.g. <c>[2, 3]</c>.</summary>
    public override string ToString() => $"Tensor{ShapeMath.Format(_shape)}";

    internal static Tensor Uninitialized(ReadOnlySpan<int> shape)
    {
        var dims = ShapeMath.Validate(shape);
        var storage = Pool.Rent(Math.Max(1, ShapeMath.ElementCount(dims)));
        Interlocked.Increment(ref s_liveStorage);
        return new Tensor(storage, dims, ownsStorage: true);
    }

    /// <summary>
    /// A tensor whose contents, <paramref name="form"/>, are written the first time its storage is read (once, even when
    /// threads race), or never if nobody reads it: for values a graph needs as a node but a pass may not read, or that a
    /// kernel knowing the form reads in parts.
    /// </summary>
    internal static Tensor Deferred(ReadOnlySpan<int> shape, PendingForm form)
    {
        var tensor = Uninitialized(shape);
        tensor._pending = form;
        return tensor;
    }

    /// <summary>True while a <see cref="Deferred"/> tensor's contents have not been written (nobody read them yet).</summary>
    internal bool ContentsPending => _pending is not null;

    /// <summary>While the contents are pending: what they will be (read its parts rather than write this tensor), else null.</summary>
    internal PendingForm? Pending => _pending;

    private void WritePending()
    {
        lock (_shape)                                         // private and never exposed: a safe lock object
        {
            if (_pending is not { } form) return;
            form.WriteTo(_storage!);
            _pending = null;
        }
    }

    internal Tensor ViewAs(int[] shape) => new(Storage, shape, ownsStorage: false, Owner);

    /// <summary>True when this tensor returns its storage to the pool on <see cref="Dispose"/> (false for views).</summary>
    internal bool OwnsStorage => _ownsStorage && _storage is not null;

    /// <summary>
    /// Moves the storage of this owning tensor into a new tensor of <paramref name="shape"/> (same element count) and
    /// leaves this one disposed: a hand-over without copying, for a tensor nobody reads afterwards.
    /// </summary>
    internal Tensor MoveStorage(int[] shape)
    {
        if (!OwnsStorage) throw new InvalidOperationException("Only a tensor that owns its storage can hand it over.");
        var moved = new Tensor(Storage, shape, ownsStorage: true);
        _storage = null;
        return moved;
    }
}
