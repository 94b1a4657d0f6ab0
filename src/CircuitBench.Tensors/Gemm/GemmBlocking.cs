namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// Cache-blocking sizes of <see cref="ManagedGemm"/> (Goto/BLIS style): a packed <c>[kc, nc]</c> panel of op(B)
/// is reused by every <c>[mc, kc]</c> block of op(A); within it, one <c>[kc, NR]</c> sliver of B stays in L1
/// while the A slivers stream past it.
/// </summary>
/// <param name="MC">Rows of op(A) packed at once (rounded up to the micro-kernel's MR).</param>
/// <param name="KC">Depth of one reduction block. Fixed per k, never per thread count, so results stay bit-identical.</param>
/// <param name="NC">Columns of op(B) packed at once (rounded up to the micro-kernel's NR).</param>
public sealed record GemmBlocking(int MC, int KC, int NC)
{
    /// <summary>
    /// For a 2-vCPU Sapphire Rapids VM (48 KiB L1d, 2 MiB L2 per core): a 14×32 B sliver of depth 256 is 32 KiB (L1),
    /// the A block 168×256 is 168 KiB (L2). A sweep of MC 168–672, KC 192–384, NC 512–4096 found no setting
    /// better than this beyond the machine's noise.
    /// </summary>
    public static GemmBlocking Default { get; } = new(168, 256, 1024);

    /// <summary>Throws when a size is not positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MC, 1, nameof(MC));
        ArgumentOutOfRangeException.ThrowIfLessThan(KC, 1, nameof(KC));
        ArgumentOutOfRangeException.ThrowIfLessThan(NC, 1, nameof(NC));
    }
}
