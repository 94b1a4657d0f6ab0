using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Models.Architecture;

/// <summary>
/// Causal attention over right-padded rows: query position i of row b sees keys j ≤ i with
/// j &lt; length[b]. Queries in padding positions therefore still see the row's real tokens, so every
/// position gets a finite output; only real positions are meaningful.
/// </summary>
internal static class AttentionCore
{
    /// <summary>q, k, v [b, p, h, d_head] → z [b, p, h, d_head]; the pattern [b, h, p, p] passes <paramref name="patternHook"/>.</summary>
    public static Tensor Forward(Tensor q, Tensor k, Tensor v, int[] lengths, HookPoint patternHook)
    {
        var pattern = patternHook.Apply(Ops.AttentionPattern(q, k, new AttentionMask(lengths)));  // [b, h, p, p]
        return Ops.AttentionWeightedSum(pattern, v);                                             // [b, p, h, d_head]
    }
}
