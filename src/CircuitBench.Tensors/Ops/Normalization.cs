using System.Buffers;
using System.Numerics.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Numerics;

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
                (mean[r], rstd[r]) = LayerNormRow(x.Data.Slice(r * d, d), weight.Data, bias.Data, eps, y.Data.Slice(r * d, d));
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

    /// <summary>dst = LayerNorm(row) · weight + bias; returns the row's mean and 1/√(var + eps).</summary>
    private static (double Mean, double Rstd) LayerNormRow(ReadOnlySpan<float> row, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps, Span<float> dst)
    {
        var (mean, rstd) = MeanAndRstd(row, eps, centred: true);
        NormalizeAffine(row, mean, rstd, weight, bias, dst);
        return (mean, rstd);
    }

    /// <summary>dst = (row − mean) · rstd · weight + bias, for statistics already known.</summary>
    private static void NormalizeAffine(ReadOnlySpan<float> row, double mean, double rstd, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> dst)
    {
        Normalize(row, mean, rstd, dst);
        TensorPrimitives.FusedMultiplyAdd(dst, weight, bias, dst);
    }

    /// <summary>Row mean (0 when not <paramref name="centred"/>) and 1/√(mean of squared deviations + eps), accumulated in double.</summary>
    private static (double Mean, double Rstd) MeanAndRstd(ReadOnlySpan<float> row, float eps, bool centred)
    {
        var mean = centred ? DoubleAccumulation.Sum(row) / row.Length : 0;
        return (mean, 1.0 / Math.Sqrt(DoubleAccumulation.SumOfSquaredDeviations(row, mean) / row.Length + eps));
    }

    /// <summary>dst = (row − mean) · rstd, in double so that a large common offset cancels exactly.</summary>
    private static void Normalize(ReadOnlySpan<float> row, double mean, double rstd, Span<float> dst) =>
        DoubleAccumulation.Standardize(row, mean, rstd, dst);

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
            var dense = new RowStats(mean, rstd, 0, 1);
            NormBackwardRows(rows, d, new Rows(x.Storage, 0, d), new Rows(g.Storage, 0, d), weight, dense, xhat,
                gx is null ? null : new Rows(gx.Storage, 0, d));
            AddNormParamGrads(new Rows(g.Storage, 0, d), xhat, rows, d, gw, gb);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(xhat);
        }
    }

    /// <summary>Rows of one width stored in <paramref name="Data"/> from <paramref name="Offset"/>, <paramref name="Stride"/> floats apart.</summary>
    private readonly record struct Rows(float[] Data, int Offset, int Stride)
    {
        public Span<float> Row(int r, int width) => Data.AsSpan(Offset + r * Stride, width);
    }

    /// <summary>Per-row statistics: row r's are at index Offset + r·Stride (Mean null for RmsNorm).</summary>
    private readonly record struct RowStats(double[]? Mean, double[] Rstd, int Offset, int Stride)
    {
        public (double Mean, double Rstd) Of(int r)
        {
            var i = Offset + r * Stride;
            return (Mean?[i] ?? 0, Rstd[i]);
        }
    }

    /// <summary>
    /// The per-row part of the normalisation backward, parallel over rows: writes each row's x̂ to
    /// <paramref name="xhat"/> [rows, d] and, when <paramref name="gx"/> is given, its input gradient.
    /// </summary>
    private static void NormBackwardRows(int rows, int d, Rows x, Rows g, Tensor weight, RowStats stats, float[] xhat, Rows? gx)
    {
        ParallelChunks.For(rows, 1, d, (start, count) =>
        {
            var ghat = ArrayPool<float>.Shared.Rent(d);                    // [d] g ⊙ weight
            try
            {
                for (var r = start; r < start + count; r++)
                {
                    var (mean, rstd) = stats.Of(r);
                    var xh = xhat.AsSpan(r * d, d);
                    Normalize(x.Row(r, d), mean, rstd, xh);
                    if (gx is { } target) NormInputGradRow(g.Row(r, d), weight.Data, xh, rstd, stats.Mean is not null, ghat.AsSpan(0, d), target.Row(r, d));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(ghat);
            }
        });
    }

    /// <summary>One row's dx = rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)) with ĝ = g ⊙ weight (the mean(ĝ) term only when centred).</summary>
    private static void NormInputGradRow(ReadOnlySpan<float> g, ReadOnlySpan<float> weight, ReadOnlySpan<float> xh, double rstd, bool centred, Span<float> gh, Span<float> dst)
    {
        var d = xh.Length;
        TensorPrimitives.Multiply(g, weight, gh);
        var (sumG, sumGx) = DoubleAccumulation.SumAndDot(gh, xh);
        TensorPrimitives.MultiplyAdd(xh, (float)(-sumGx / d), gh, dst);
        TensorPrimitives.Subtract(dst, centred ? (float)(sumG / d) : 0f, dst);
        TensorPrimitives.Multiply(dst, (float)rstd, dst);
    }

    /// <summary>gw += Σ_rows g ⊙ x̂ and gb += Σ_rows g over g, x̂ [rows, d]: rows in order, parallel over columns (deterministic).</summary>
    private static void AddNormParamGrads(Rows g, float[]? xhat, int rows, int d, Tensor? gw, Tensor? gb)
    {
        if (gw is null && gb is null) return;
        ParallelChunks.For(d, 16, rows, (start, count) =>
        {
            for (var r = 0; r < rows; r++)
            {
                var gRow = g.Row(r, d).Slice(start, count);
                if (gw is not null) TensorPrimitives.FusedMultiplyAdd(gRow, xhat!.AsSpan(r * d + start, count), gw.Data.Slice(start, count), gw.Data.Slice(start, count));
                if (gb is not null) Kernels.AddInPlace(gb.Data.Slice(start, count), gRow);
            }
        });
    }
}
