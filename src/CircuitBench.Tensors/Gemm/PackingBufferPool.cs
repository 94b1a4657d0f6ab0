namespace CircuitBench.Tensors.Gemm;

/// <summary>A small lock-protected stack of <see cref="PackingBuffers"/>; concurrent multiplies each rent their own.</summary>
internal sealed class PackingBufferPool
{
    private readonly Lock _lock = new();
    private PackingBuffers[] _free = new PackingBuffers[4];
    private int _count;

    /// <summary>Takes a free set of buffers, or makes one.</summary>
    public PackingBuffers Rent()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                PackingBuffers buffers = _free[--_count];
                _free[_count] = null!;
                return buffers;
            }
        }

        return new PackingBuffers();
    }

    /// <summary>Gives buffers back for reuse.</summary>
    public void Return(PackingBuffers buffers)
    {
        lock (_lock)
        {
            if (_count == _free.Length)
            {
                Array.Resize(ref _free, _free.Length * 2);
            }

            _free[_count++] = buffers;
        }
    }
}
