using System.Buffers;

namespace CircuitBench.Models.Tokenization;

/// <summary>
/// A growable list of ids that starts in caller-provided (usually stack) memory and moves to pooled
/// arrays when it outgrows it, so that encoding allocates only the final result. Dispose returns the pool.
/// </summary>
internal ref struct IdBuffer
{
    private Span<int> items;
    private int[]? rented;

    public IdBuffer(Span<int> initial)
    {
        items = initial;
        rented = null;
        Count = 0;
    }

    /// <summary>Number of ids appended.</summary>
    public int Count { get; private set; }

    /// <summary>The ids appended so far.</summary>
    public readonly ReadOnlySpan<int> Written => items[..Count];

    /// <summary>Appends one id.</summary>
    public void Append(int id)
    {
        EnsureRoom(1);
        items[Count++] = id;
    }

    /// <summary>Appends ids.</summary>
    public void Append(scoped ReadOnlySpan<int> ids)
    {
        EnsureRoom(ids.Length);
        ids.CopyTo(items[Count..]);
        Count += ids.Length;
    }

    /// <summary>Copies the ids into a new array.</summary>
    public readonly int[] ToArray() => Written.ToArray();

    /// <summary>Returns the pooled array, if any.</summary>
    public void Dispose()
    {
        if (rented is not null)
        {
            ArrayPool<int>.Shared.Return(rented);
            rented = null;
        }
    }

    private void EnsureRoom(int extra)
    {
        if (Count + extra <= items.Length)
        {
            return;
        }
        var larger = ArrayPool<int>.Shared.Rent(Math.Max(items.Length * 2, Count + extra));
        items[..Count].CopyTo(larger);
        Dispose();
        rented = larger;
        items = larger;
    }
}
