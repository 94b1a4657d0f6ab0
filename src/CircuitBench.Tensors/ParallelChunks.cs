namespace CircuitBench.Tensors;

/// <summary>
/// Deterministic data parallelism for memory-bound loops: [0, length) is cut into at most <see cref="Compute.Threads"/>
/// contiguous chunks, each computed by one worker. Every output element is written by exactly one chunk with the same
/// arithmetic whatever the cut, so results do not depend on the thread count. Chunk starts are multiples of
/// <c>align</c>, so with align a multiple of the widest vector every element of a vectorised kernel takes the vector path.
/// </summary>
public static class ParallelChunks
{
    /// <summary>Work below this many elements (or rows times their width) runs on the calling thread.</summary>
    private const long MinParallelElements = 1 << 15;

    /// <summary>Runs <paramref name="body"/>(start, count) over chunks of [0, <paramref name="length"/>); <paramref name="unitCost"/> is the elements touched per index.</summary>
    public static void For(int length, int align, long unitCost, Action<int, int> body)
    {
        var threads = Compute.Threads;
        var units = (length + align - 1) / align;
        var parts = (long)length * unitCost < MinParallelElements ? 1 : Math.Min(threads, units);
        if (parts <= 1)
        {
            if (length > 0) body(0, length);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            var start = (int)((long)units * part / parts) * align;
            var end = Math.Min(length, (int)((long)units * (part + 1) / parts) * align);
            if (end > start) body(start, end - start);
        });
    }
}
