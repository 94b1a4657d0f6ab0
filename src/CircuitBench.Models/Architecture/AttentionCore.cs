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
        var (b, p, dHead) = (q.Dim(0), q.Dim(1), q.Dim(3));
        var qh = Ops.Permute(q, 0, 2, 1, 3);                                            // [b, h, p, d_head]
        var kh = Ops.Permute(k, 0, 2, 1, 3);                                            // [b, h, p, d_head]
        var vh = Ops.Permute(v, 0, 2, 1, 3);                                            // [b, h, p, d_head]
        var scores = Ops.Scale(Ops.MatMul(qh, kh, transposeB: true), 1f / MathF.Sqrt(dHead)); // [b, h, p, p]
        var pattern = patternHook.Apply(Ops.Softmax(Ops.Add(scores, MaskBias(b, p, lengths)), -1));
        return Ops.Permute(Ops.MatMul(pattern, vh), 0, 2, 1, 3);                        // [b, p, h, d_head]
    }

    /// <summary>Additive mask [b, 1, p, p]: 0 where query i may see key j, −∞ elsewhere.</summary>
    private static Tensor MaskBias(int batch, int seq, int[] lengths)
    {
        var bias = Tensor.Zeros(batch, 1, seq, seq);
        var data = bias.Data;
        for (var r = 0; r < batch; r++)
        for (var i = 0; i < seq; i++)
        for (var j = 0; j < seq; j++)
            if (j > i || j >= lengths[r]) data[(r * seq + i) * seq + j] = float.NegativeInfinity;
        return bias;
    }
}
