using System.Buffers;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

/// <summary>What <see cref="Ops.Attention"/> returns.</summary>
/// <param name="Z">Per-head outputs [batch, seq, heads, dHead] (TransformerLens <c>hook_z</c>).</param>
/// <param name="Pattern">Attention probabilities [batch, heads, query, key] (TransformerLens <c>hook_pattern</c>); differentiable.</param>
public sealed record AttentionOutput(Tensor Z, Tensor Pattern);

public static partial class Ops
{
    /// <summary>
    /// Causal multi-head self-attention in TransformerLens layout. q, k, v: [batch, seq, heads, dHead];
    /// <c>scores[b,h,i,j] = scale · Σ_d q[b,i,h,d]·k[b,j,h,d]</c> (scale defaults to 1/√dHead), keys j &gt; i and
    /// keys beyond the row's real length (<paramref name="mask"/>) excluded, <c>pattern = softmax_j(scores)</c>,
    /// <c>z[b,i,h,:] = Σ_j pattern[b,h,i,j] · v[b,j,h,:]</c>. The pattern [batch, heads, seq, seq] is returned with z
    /// so that models can report or replace it: this is exactly
    /// <c>AttentionWeightedSum(AttentionPattern(q, k, mask, scale), v)</c>. Backward gives dq, dk, dv.
    /// </summary>
    public static AttentionOutput Attention(Tensor q, Tensor k, Tensor v, AttentionMask? mask, float? scale = null)
    {
        var pattern = AttentionPattern(q, k, mask, scale);
        return new AttentionOutput(AttentionWeightedSum(pattern, v), pattern);
    }

    /// <summary>
    /// Attention probabilities: q, k [batch, seq, heads, dHead] → pattern [batch, heads, seq, seq] with
    /// <c>pattern[b,h,i,:] = softmax over visible keys j of scale · q[b,i,h,:]·k[b,j,h,:]</c>, 0 at masked keys (see
    /// <see cref="AttentionMask"/>). Scores come from one GEMM per (batch, head) reading the strided head slices in place.
    /// Backward: dscores = pattern ⊙ (g − Σ_j g ⊙ pattern), dq = scale · dscores · k, dk = scale · dscoresᵀ · q.
    /// </summary>
    public static Tensor AttentionPattern(Tensor q, Tensor k, AttentionMask? mask, float? scale = null)
    {
        var s = AttentionShape.Of(q);
        if (!ShapeMath.SameShape(q.Shape, k.Shape)) throw new ArgumentException($"Attention keys {k} do not match queries {q}.");
        mask?.Check(s.Batch, s.Seq);
        var alpha = scale ?? 1f / MathF.Sqrt(s.DHead);
        var pattern = Tensor.Uninitialized([s.Batch, s.Heads, s.Seq, s.Seq]);          // [b, h, q, k]
        for (var b = 0; b < s.Batch; b++)
        for (var h = 0; h < s.Heads; h++)
        {
            var block = pattern.Data.Slice(s.PatternOffset(b, h), s.Seq * s.Seq);        // [q, k]
            Compute.Gemm.Sgemm(false, true, s.Seq, s.Seq, s.DHead, alpha,
                q.Data[s.HeadOffset(b, h)..], s.RowStride, k.Data[s.HeadOffset(b, h)..], s.RowStride, 0f, block, s.Seq);
            for (var i = 0; i < s.Seq; i++)
            {
                var row = block.Slice(i * s.Seq, s.Seq);
                var visible = AttentionMask.VisibleKeys(mask, b, i);
                if (visible > 0) SoftmaxKernels.Softmax(row[..visible], row[..visible]);
                row[visible..].Clear();
            }
        }
        return GradTape.Record(pattern, (g, sink) =>
        {
            var dq = sink.Wants(0) ? Tensor.Uninitialized(q.Shape) : null;               // [b, q, h, d]
            var dk = sink.Wants(1) ? Tensor.Uninitialized(k.Shape) : null;               // [b, k, h, d]
            var dScores = ArrayPool<float>.Shared.Rent(Math.Max(1, s.Seq * s.Seq));     // [q, k] of one head
            try
            {
                for (var b = 0; b < s.Batch; b++)
                for (var h = 0; h < s.Heads; h++)
                {
                    var (po, ho) = (s.PatternOffset(b, h), s.HeadOffset(b, h));
                    for (var i = 0; i < s.Seq; i++)
                        SoftmaxKernels.SoftmaxBackward(pattern.Data.Slice(po + i * s.Seq, s.Seq), g.Data.Slice(po + i * s.Seq, s.Seq),
                            dScores.AsSpan(i * s.Seq, s.Seq));
                    var ds = dScores.AsSpan(0, s.Seq * s.Seq);
                    if (dq is not null)
                        Compute.Gemm.Sgemm(false, false, s.Seq, s.DHead, s.Seq, alpha, ds, s.Seq, k.Data[ho..], s.RowStride, 0f, dq.Data[ho..], s.RowStride);
                    if (dk is not null)
                        Compute.Gemm.Sgemm(true, false, s.Seq, s.DHead, s.Seq, alpha, ds, s.Seq, q.Data[ho..], s.RowStride, 0f, dk.Data[ho..], s.RowStride);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(dScores);
            }
            if (dq is not null) sink.AddOwned(0, dq);
            if (dk is not null) sink.AddOwned(1, dk);
        }, q, k);
    }

    /// <summary>
    /// Mixes values by an attention pattern: pattern [batch, heads, seq, seq], v [batch, seq, heads, dHead] →
    /// z [batch, seq, heads, dHead] with <c>z[b,i,h,:] = Σ_j pattern[b,h,i,j] · v[b,j,h,:]</c>, one GEMM per (batch, head).
    /// Backward: dpattern = dz · vᵀ, dv = patternᵀ · dz (per head).
    /// </summary>
    public static Tensor AttentionWeightedSum(Tensor pattern, Tensor v)
    {
        var s = AttentionShape.Of(v);
        if (!ShapeMath.SameShape(pattern.Shape, [s.Batch, s.Heads, s.Seq, s.Seq]))
            throw new ArgumentException($"Attention pattern {pattern} does not match values {v}: expected [{s.Batch}, {s.Heads}, {s.Seq}, {s.Seq}].");
        var z = Tensor.Uninitialized(v.Shape);                                            // [b, q, h, d]
        for (var b = 0; b < s.Batch; b++)
        for (var h = 0; h < s.Heads; h++)
            Compute.Gemm.Sgemm(false, false, s.Seq, s.DHead, s.Seq, 1f, pattern.Data.Slice(s.PatternOffset(b, h), s.Seq * s.Seq), s.Seq,
                v.Data[s.HeadOffset(b, h)..], s.RowStride, 0f, z.Data[s.HeadOffset(b, h)..], s.RowStride);
        return GradTape.Record(z, (g, sink) =>
        {
            var dp = sink.Wants(0) ? Tensor.Uninitialized(pattern.Shape) : null;         // [b, h, q, k]
            var dv = sink.Wants(1) ? Tensor.Uninitialized(v.Shape) : null;               // [b, k, h, d]
            for (var b = 0; b < s.Batch; b++)
            for (var h = 0; h < s.Heads; h++)
            {
                var (po, ho) = (s.PatternOffset(b, h), s.HeadOffset(b, h));
                if (dp is not null)
                    Compute.Gemm.Sgemm(false, true, s.Seq, s.Seq, s.DHead, 1f, g.Data[ho..], s.RowStride, v.Data[ho..], s.RowStride,
                        0f, dp.Data.Slice(po, s.Seq * s.Seq), s.Seq);
                if (dv is not null)
                    Compute.Gemm.Sgemm(true, false, s.Seq, s.DHead, s.Seq, 1f, pattern.Data.Slice(po, s.Seq * s.Seq), s.Seq,
                        g.Data[ho..], s.RowStride, 0f, dv.Data[ho..], s.RowStride);
            }
            if (dp is not null) sink.AddOwned(0, dp);
            if (dv is not null) sink.AddOwned(1, dv);
        }, pattern, v);
    }

    /// <summary>Sizes of [batch, seq, heads, dHead] attention inputs and the offsets of one head's strided [seq, dHead] slice.</summary>
    private readonly record struct AttentionShape(int Batch, int Seq, int Heads, int DHead)
    {
        /// <summary>Distance between consecutive positions of one head: heads · dHead.</summary>
        public int RowStride => Heads * DHead;

        public int HeadOffset(int b, int h) => (b * Seq * Heads + h) * DHead;

        public int PatternOffset(int b, int h) => (b * Heads + h) * Seq * Seq;

        public static AttentionShape Of(Tensor x) => x.Rank == 4
            ? new AttentionShape(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3])
            : throw new ArgumentException($"Attention inputs are [batch, seq, heads, dHead]; got {x}.");
    }
}
