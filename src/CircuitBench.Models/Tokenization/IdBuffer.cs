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
    private int count;

    public IdBuffer(Span<int> initial)
    {
        items = initial;
        rented = null;
        count = 0;
    }

    /// <summary>Appends one id.</summary>
    public void Append(int id)
    {
        EnsureRoom(1);
        items[count++] = id;
    }

    /// <summary>Appends ids.</summary>
    public void Append(scoped ReadOnlySpan<int> ids)
    {
        EnsureRoom(ids.Length);
        ids.CopyTo(items[count..]);
        count += ids.Length;
    }

    /// <summary>Copies the ids into a new array.</summary>
    public readonly int[] ToArray() => items[..count].ToArray();

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
        if (count + extra <= items.Length)
        {
            return;
        }
        var larger = ArrayPool<int>.Shared.Rent(Math.Max(items.Length * 2, count + extra));
        items[..count].CopyTo(larger);
        Dispose();
        rented = larger;
        items = larger;
    }
}
