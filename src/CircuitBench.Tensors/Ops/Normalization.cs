using System.Buffers;
using System.Numerics.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Layer normalisation over the last axis (<c>torch.nn.functional.layer_norm</c>):
    /// x [..., d], weight [d], bias [d] → y [..., d] with
    /// <c>y = (x − mean) / √(var + eps) · weight + bias</c>, mean and (biased) variance taken over the row
    /// in double precision. Backward gives x, weight and bias gradients.
    /// </summary>
    public static Tensor LayerNorm(Tensor x, Tensor weight, Tensor bias, float eps = 1e-5f)
    {
        var d = CheckNormShapes(nameof(LayerNorm), x, weight, bias);
        var rows = d == 0 ? 0 : x.Size / d;
        var mean = new double[rows];                                  // [rows]
        var rstd = new double[rows];                                  // [rows] 1/√(var + eps)
        var y = Tensor.Uninitialized(x.Shape);                        // [..., d]
        ParallelChunks.For(rows, 1, d, (start, count) =>
        {
            for (var r = start; r < start + count; r++)
            {
                var row = x.Data.Slice(r * d, d);
                var (m, s) = MeanAndRstd(row, eps, centred: true);
                (mean[r], rstd[r]) = (m, s);
                var dst = y.Data.Slice(r * d, d);
                Normalize(row, m, s, dst);
                TensorPrimitives.FusedMultiplyAdd(dst, weight.Data, bias.Data, dst);
            }
        });
        return GradTape.Record(y, (g, sink) =>
        {
            var gw = sink.Wants(1) ? Tensor.Zeros(d) : null;         // [d]
            var gb = sink.Wants(2) ? Tensor.Zeros(d) : null;         // [d]
            var gx = sink.Wants(0) ? Tensor.Uninitialized(x.Shape) : null;
            NormBackward(x, weight, g, mean, rstd, gx, gw, gb);
            if (gx is not null) sink.AddOwned(0, gx);
            if (gw is not null) sink.AddOwned(1, gw);
            if (gb is not null) sink.AddOwned(2, gb);
        }, x, weight, bias);
    }

    /// <summary>
    /// Root-mean-square normalisation over the last axis (Llama's RMSNorm): x [..., d], weight [d] → y [..., d]
    /// with <c>y = x / √(mean(x²) + eps) · weight</c>, the mean of squares taken in double precision.
    /// Backward gives x and weight gradients.
    /// </summary>
    public static Tensor RmsNorm(Tensor x, Tensor weight, float eps = 1e-6f)
    {
        var d = CheckNormShapes(nameof(RmsNorm), x, weight, null);
        var rows = d == 0 ? 0 : x.Size / d;
        var rstd = new double[rows];                                  // [rows] 1/√(mean(x²) + eps)
        var y = Tensor.Uninitialized(x.Shape);                        // [..., d]
        ParallelChunks.For(rows, 1, d, (start, count) =>
        {
            for (var r = start; r < start + count; r++)
            {
                var row = x.Data.Slice(r * d, d);
                rstd[r] = MeanAndRstd(row, eps, centred: false).Rstd;
                var dst = y.Data.Slice(r * d, d);
                Normalize(row, 0, rstd[r], dst);
                TensorPrimitives.Multiply(dst, weight.Data, dst);
            }
        });
        return GradTape.Record(y, (g, sink) =>
        {
            var gw = sink.Wants(1) ? Tensor.Zeros(d) : null;         // [d]
            var gx = sink.Wants(0) ? Tensor.Uninitialized(x.Shape) : null;
            NormBackward(x, weight, g, null, rstd, gx, gw, null);
            if (gx is not null) sink.AddOwned(0, gx);
            if (gw is not null) sink.AddOwned(1, gw);
        }, x, weight);
    }

    private static int CheckNormShapes(string op, Tensor x, Tensor weight, Tensor? bias)
    {
        if (x.Rank == 0) throw new ArgumentException($"{op} needs x of rank ≥ 1 [..., d]; got {x}.");
        var d = x.Shape[^1];
        if (weight.Rank != 1 || weight.Shape[0] != d) throw new ArgumentException($"{op}: weight {weight} must be [{d}] for input {x}.");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != d)) throw new ArgumentException($"{op}: bias {bias} must be [{d}] for input {x}.");
        return d;
    }

    /// <summary>Row mean (0 when not <paramref name="centred"/>) and 1/√(mean of squared deviations + eps), accumulated in double.</summary>
    private static (double Mean, double Rstd) MeanAndRstd(ReadOnlySpan<float> row, float eps, bool centred)
    {
        double mean = 0;
        if (centred)
        {
            foreach (var v in row) mean += v;
            mean /= row.Length;
        }
        double squares = 0;
        foreach (var v in row) squares += (v - mean) * (v - mean);
        return (mean, 1.0 / Math.Sqrt(squares / row.Length + eps));
    }

    /// <summary>dst = (row − mean) · rstd, in double so that a large common offset cancels exactly.</summary>
    private static void Normalize(ReadOnlySpan<float> row, double mean, double rstd, Span<float> dst)
    {
        for (var j = 0; j < row.Length; j++) dst[j] = (float)((row[j] - mean) * rstd);
    }

    /// <summary>
    /// Shared backward of LayerNorm (<paramref name="mean"/> given) and RmsNorm (no mean): with x̂ the normalised
    /// row and ĝ = g ⊙ weight, dx = rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)) (RmsNorm drops the mean(ĝ) term),
    /// dweight = Σ_rows g ⊙ x̂, dbias = Σ_rows g. Rows are independent for dx (parallel over rows); dweight and dbias
    /// add the rows in order, in parallel over columns, so the sums do not depend on the thread count.
    /// </summary>
    private static void NormBackward(Tensor x, Tensor weight, Tensor g, double[]? mean, double[] rstd, Tensor? gx, Tensor? gw, Tensor? gb)
    {
        var d = weight.Size;
        var rows = rstd.Length;
        var xhat = ArrayPool<float>.Shared.Rent(Math.Max(1, rows * d));   // [rows, d] normalised rows
        try
        {
            ParallelChunks.For(rows, 1, d, (start, count) =>
            {
                var ghat = ArrayPool<float>.Shared.Rent(d);                    // [d] g ⊙ weight
                try
                {
                    for (var r = start; r < start + count; r++)
                        NormBackwardRow(x, weight, g, mean?[r] ?? 0, rstd[r], mean is not null, r, xhat.AsSpan(r * d, d), ghat.AsSpan(0, d), gx);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(ghat);
                }
            });
            if (gw is null && gb is null) return;
            ParallelChunks.For(d, 16, rows, (start, count) =>
            {
                for (var r = 0; r < rows; r++)
                {
                    var gRow = g.Data.Slice(r * d + start, count);
                    if (gw is not null) TensorPrimitives.FusedMultiplyAdd(gRow, xhat.AsSpan(r * d + start, count), gw.Data.Slice(start, count), gw.Data.Slice(start, count));
                    if (gb is not null) Kernels.AddInPlace(gb.Data.Slice(start, count), gRow);
                }
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(xhat);
        }
    }

    /// <summary>Row r: writes its normalised values to <paramref name="xh"/> and, when wanted, its input gradient to gx.</summary>
    private static void NormBackwardRow(Tensor x, Tensor weight, Tensor g, double mean, double rstd, bool centred, int r, Span<float> xh, Span<float> gh, Tensor? gx)
    {
        var d = xh.Length;
        Normalize(x.Data.Slice(r * d, d), mean, rstd, xh);
        if (gx is null) return;
        var gRow = g.Data.Slice(r * d, d);
        TensorPrimitives.Multiply(gRow, weight.Data, gh);
        double sumG = 0, sumGx = 0;
        for (var j = 0; j < d; j++)
        {
            sumG += gh[j];
            sumGx += (double)gh[j] * xh[j];
        }
        var dst = gx.Data.Slice(r * d, d);
        TensorPrimitives.MultiplyAdd(xh, (float)(-sumGx / d), gh, dst);
        TensorPrimitives.Subtract(dst, centred ? (float)(sumG / d) : 0f, dst);
        TensorPrimitives.Multiply(dst, (float)rstd, dst);
    }
}
