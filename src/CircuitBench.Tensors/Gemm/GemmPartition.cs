namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// Splits C into <see cref="Parts"/> slabs along its longer side, in whole micro-tiles
/// (<see cref="Unit"/> rows or columns). Only the work distribution depends on this, never the arithmetic.
/// </summary>
/// <param name="AlongRows">True: slabs of rows; false: slabs of columns.</param>
/// <param name="Extent">m when splitting rows, n when splitting columns.</param>
/// <param name="Unit">MR when splitting rows, NR when splitting columns.</param>
/// <param name="Parts">Number of slabs.</param>
internal readonly record struct GemmPartition(bool AlongRows, int Extent, int Unit, int Parts)
{
    /// <summary>Multiplies smaller than this many multiply-adds run on one thread.</summary>
    private const long MinParallelWork = 1L << 20;

    /// <summary>Chooses the split for an <c>[m,n]</c> result with reduction depth k.</summary>
    public static GemmPartition Create(int m, int n, int k, int mr, int nr, int threads)
    {
        bool alongRows = m >= n;
        int extent = alongRows ? m : n;
        int unit = alongRows ? mr : nr;
        int units = (extent + unit - 1) / unit;
        int parts = (long)m * n * k < MinParallelWork ? 1 : Math.Clamp(threads, 1, units);
        return new GemmPartition(alongRows, extent, unit, parts);
    }

    /// <summary>Half-open range <c>[start, end)</c> of rows or columns of slab <paramref name="part"/>.</summary>
    public (int Start, int End) Range(int part)
    {
        int units = (Extent + Unit - 1) / Unit;
        int start = (int)((long)units * part / Parts) * Unit;
        int end = Math.Min(Extent, (int)((long)units * (part + 1) / Parts) * Unit);
        return (start, end);
    }
}
