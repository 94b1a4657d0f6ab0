using System.Buffers;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Mean cross-entropy of logits [N, V] against class <paramref name="targets"/> [N] (PyTorch's
    /// <c>cross_entropy</c>, mean reduction): <c>(1/M) Σ_{n: t_n ≠ ignoreIndex} −log_softmax(logits[n])[t_n]</c> with M the
    /// number of rows not ignored; a scalar, NaN when every row is ignored (as PyTorch). Backward:
    /// dlogits[n] = g · (softmax(logits[n]) − onehot(t_n)) / M, zero for ignored rows.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> targets, int ignoreIndex = -100)
    {
        if (logits.Rank != 2) throw new ArgumentException($"CrossEntropy needs logits [N, V]; got {logits}.");
        var (n, v) = (logits.Shape[0], logits.Shape[1]);
        if (targets.Length != n) throw new ArgumentException($"CrossEntropy: {targets.Length} targets given for {n} rows.");
        var classes = targets.ToArray();
        var counted = 0;
        double total = 0;
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, 2 * v));                // [2, V] log-softmax row and scratch
        try
        {
            for (var r = 0; r < n; r++)
            {
                if (classes[r] == ignoreIndex) continue;
                if ((uint)classes[r] >= (uint)v) throw new ArgumentOutOfRangeException(nameof(targets), $"Target {classes[r]} of row {r} is outside the {v} classes.");
                var logp = buffer.AsSpan(0, v);
                SoftmaxKernels.LogSoftmax(logits.Data.Slice(r * v, v), logp, buffer.AsSpan(v, v));
                total -= logp[classes[r]];
                counted++;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
        var loss = Tensor.Scalar((float)(total / counted));
        return GradTape.Record(loss, (g, sink) =>
        {
            var gx = Tensor.Zeros(n, v);                                              // [N, V]
            var scale = g.Item() / counted;
            for (var r = 0; r < n; r++)
            {
                if (classes[r] == ignoreIndex) continue;
                var row = gx.Data.Slice(r * v, v);
                SoftmaxKernels.Softmax(logits.Data.Slice(r * v, v), row);
                row[classes[r]] -= 1f;
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, scale, row);
            }
            sink.AddOwned(0, gx);
        }, logits);
    }

    /// <summary>
    /// KL(P ‖ Q) per row from logits: logitsP, logitsQ [..., V] → [...] with
    /// <c>KL = Σ_i p_i · (log p_i − log q_i)</c>, p = softmax(logitsP), q = softmax(logitsQ), log-softmax computed
    /// inside (terms with p_i = 0 count 0; a q_i = 0 where p_i &gt; 0 gives +∞). In circuit discovery P is the clean
    /// run and Q the patched one. Backward: dlogitsP = g · p ⊙ (log p − log q − KL), dlogitsQ = g · (q − p).
    /// </summary>
    public static Tensor KlDivergence(Tensor logitsP, Tensor logitsQ)
    {
        if (logitsP.Rank == 0 || !ShapeMath.SameShape(logitsP.Shape, logitsQ.Shape))
            throw new ArgumentException($"KlDivergence needs two logit tensors of one shape [..., V]; got {logitsP} and {logitsQ}.");
        var v = logitsP.Shape[^1];
        var rows = ShapeMath.ElementCount(logitsP.Shape[..^1]);
        var kl = Tensor.Uninitialized(logitsP.Shape[..^1]);                           // [...]
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, 3 * v));                // [3, V] log p, log q, scratch
        try
        {
            for (var r = 0; r < rows; r++)
                kl.Data[r] = (float)KlRow(logitsP.Data.Slice(r * v, v), logitsQ.Data.Slice(r * v, v), buffer, v);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
        return GradTape.Record(kl, (g, sink) =>
        {
            var gp = sink.Wants(0) ? Tensor.Uninitialized(logitsP.Shape) : null;     // [..., V]
            var gq = sink.Wants(1) ? Tensor.Uninitialized(logitsQ.Shape) : null;     // [..., V]
            var scratch = ArrayPool<float>.Shared.Rent(Math.Max(1, 3 * v));
            try
            {
                for (var r = 0; r < rows; r++)
                {
                    var value = KlRow(logitsP.Data.Slice(r * v, v), logitsQ.Data.Slice(r * v, v), scratch, v);
                    var logp = scratch.AsSpan(0, v);
                    var logq = scratch.AsSpan(v, v);
                    for (var i = 0; i < v; i++)
                    {
                        var p = MathF.Exp(logp[i]);
                        if (gp is not null) gp.Data[r * v + i] = p == 0 ? 0f : (float)(g.Data[r] * p * ((double)logp[i] - logq[i] - value));
                        if (gq is not null) gq.Data[r * v + i] = g.Data[r] * (MathF.Exp(logq[i]) - p);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
            if (gp is not null) sink.AddOwned(0, gp);
            if (gq is not null) sink.AddOwned(1, gq);
        }, logitsP, logitsQ);
    }

    /// <summary>KL(P ‖ Q) averaged over all rows: a scalar (PyTorch's <c>kl_div(..., reduction="batchmean")</c> for [N, V]).</summary>
    public static Tensor KlDivergenceMean(Tensor logitsP, Tensor logitsQ) => Mean(KlDivergence(logitsP, logitsQ));

    /// <summary>KL of one row, in double; leaves log p and log q in the first two V-blocks of <paramref name="buffer"/>.</summary>
    private static double KlRow(ReadOnlySpan<float> p, ReadOnlySpan<float> q, float[] buffer, int v)
    {
        var logp = buffer.AsSpan(0, v);
        var logq = buffer.AsSpan(v, v);
        var scratch = buffer.AsSpan(2 * v, v);
        SoftmaxKernels.LogSoftmax(p, logp, scratch);
        SoftmaxKernels.LogSoftmax(q, logq, scratch);
        double sum = 0;
        for (var i = 0; i < v; i++)
            if (logp[i] > float.NegativeInfinity) sum += Math.Exp(logp[i]) * ((double)logp[i] - logq[i]);
        return sum;
    }
}
