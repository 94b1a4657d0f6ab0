using System.Buffers;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Per-head LayerNorm and projection in one op, for attention whose heads read separate inputs:
    /// x [..., h, d_in], LayerNorm weight and bias [d_in] (both null: no LayerNorm), weight [d_in, h·d_out] (head i owns
    /// columns i·d_out … (i+1)·d_out − 1), bias [h·d_out] → y [..., h, d_out] with
    /// <c>y[..., i, :] = LN(x[..., i, :]) · W[:, i] + b[i]</c>. The values of <see cref="LayerNorm"/> followed by one
    /// product per head, but the backward keeps only x and the row statistics: no normalised or permuted copy of x.
    /// Backward gives every input's gradient; sums over rows are added in row order (independent of the thread count).
    /// When the caller passes <paramref name="sharedRows"/> [..., 1, d_in] with x = Expand(sharedRows) (no head's input
    /// changed), the forward normalises each row once and runs one product for all heads, and neither pass reads x's data
    /// (so x may be <see cref="ExpandLazily"/>'s uncopied expansion); the gradient still goes to x.
    /// </summary>
    public static Tensor HeadwiseLayerNormLinear(Tensor x, Tensor? lnWeight, Tensor? lnBias, Tensor weight, Tensor bias, float eps = 1e-5f,
        Tensor? sharedRows = null)
    {
        var p = HeadwiseShape.Of(x, lnWeight, lnBias, weight, bias);
        if (sharedRows is not null && !sharedRows.Shape.SequenceEqual([.. x.Shape[..^2], 1, p.DIn]))
            throw new ArgumentException($"{nameof(HeadwiseLayerNormLinear)}: shared rows {sharedRows} must be x {x} with one head.");
        var stats = lnWeight is null ? (RowStats?)null : new RowStats(new double[p.Rows * p.Heads], new double[p.Rows * p.Heads], 0, 1);   // [h, rows]
        var y = Tensor.Uninitialized([.. x.Shape[..^1], p.DOut]);                                  // [..., h, d_out]
        if (sharedRows is not null) SharedProjection(sharedRows, p, lnWeight, lnBias, weight, eps, stats, y);
        else
        {
            using var headMajor = Tensor.Uninitialized([p.Heads, p.Rows, p.DIn]);                   // LN(x), each head's rows together
            ToHeadMajor(x, p, lnWeight, lnBias, eps, stats, headMajor.Storage);
            for (var h = 0; h < p.Heads; h++)
                Compute.Gemm.Sgemm(false, false, p.Rows, p.DOut, p.DIn, 1f, headMajor.Data.Slice(h * p.Rows * p.DIn, p.Rows * p.DIn), p.DIn,
                    weight.Data[(h * p.DOut)..], p.Heads * p.DOut, 0f, y.Data[(h * p.DOut)..], p.Heads * p.DOut);
        }
        for (var r = 0; r < p.Rows; r++)
        {
            var row = y.Data.Slice(r * bias.Size, bias.Size);                                       // [h·d_out]
            System.Numerics.Tensors.TensorPrimitives.Add(row, bias.Data, row);
        }
        Tensor[] inputs = lnWeight is null ? [x, weight, bias] : [x, weight, bias, lnWeight, lnBias!];
        Rows InputRows(int h) => sharedRows is null ? p.HeadRows(x, h) : new Rows(sharedRows.Storage, 0, p.DIn);   // head h's rows of x
        return GradTape.Record(y, (g, sink) => HeadwiseBackward(g, sink, InputRows, x.Shape, lnWeight, lnBias, weight, bias, p, stats), inputs);
    }

    /// <summary>
    /// The forward when every head reads the same row: LN of each row of <paramref name="shared"/> [rows, d_in] once
    /// (statistics copied to every head's slot), then one product [rows, d_in] · W [d_in, h·d_out] into y.
    /// </summary>
    private static void SharedProjection(Tensor shared, HeadwiseShape p, Tensor? lnWeight, Tensor? lnBias, Tensor weight, float eps, RowStats? stats, Tensor y)
    {
        using var normed = lnWeight is null ? null : Tensor.Uninitialized([p.Rows, p.DIn]);
        if (normed is not null)
        {
            var single = p with { Heads = 1 };
            ToHeadMajor(shared, single, lnWeight, lnBias, eps, stats, normed.Storage);               // statistics of head 0's slot
            for (var h = 1; h < p.Heads; h++)
            {
                Array.Copy(stats!.Value.Mean!, 0, stats.Value.Mean!, h * p.Rows, p.Rows);
                Array.Copy(stats.Value.Rstd, 0, stats.Value.Rstd, h * p.Rows, p.Rows);
            }
        }
        Compute.Gemm.Sgemm(false, false, p.Rows, p.Heads * p.DOut, p.DIn, 1f, (normed ?? shared).Data, p.DIn, weight.Data, p.Heads * p.DOut,
            0f, y.Data, p.Heads * p.DOut);
    }

    /// <summary>
    /// Writes LN(x[r, i, :]) (or x itself without a LayerNorm) to <paramref name="headMajor"/>[i, r, :] and the row's
    /// statistics to index i·rows + r: one pass over every row, so that each head's product reads contiguous rows. An unwritten
    /// <see cref="AddPerHead"/> result is read from its rows and additions, never written out.
    /// </summary>
    private static void ToHeadMajor(Tensor x, HeadwiseShape p, Tensor? weight, Tensor? bias, float eps, RowStats? stats, float[] headMajor)
    {
        var form = x.Pending as HeadAdditionForm;                                                  // x not written yet: read its parts
        ParallelChunks.For(p.Rows * p.Heads, 1, p.DIn, (start, count) =>
        {
            for (var i = start; i < start + count; i++)
            {
                var (r, h) = (i / p.Heads, i % p.Heads);
                var j = h * p.Rows + r;
                var dst = headMajor.AsSpan(j * p.DIn, p.DIn);
                ReadOnlySpan<float> row = dst;
                if (form is not null) form.HeadRow(h, r, dst);                                      // then normalised in place
                else row = x.Data.Slice(i * p.DIn, p.DIn);
                if (stats is { } s) (s.Mean![j], s.Rstd[j]) = LayerNormRow(row, weight!.Data, bias!.Data, eps, dst);
                else if (form is null) row.CopyTo(dst);
            }
        });
    }

    /// <summary>Writes LN of every row of <paramref name="x"/> to <paramref name="normed"/> [rows, d_in] with the forward's statistics (the same values).</summary>
    private static void ApplyLayerNormRows(Rows x, HeadwiseShape p, Tensor weight, Tensor bias, RowStats stats, float[] normed) =>
        ParallelChunks.For(p.Rows, 1, p.DIn, (start, count) =>
        {
            for (var r = start; r < start + count; r++)
            {
                var (mean, rstd) = stats.Of(r);
                NormalizeAffine(x.Row(r, p.DIn), mean, rstd, weight.Data, bias.Data, normed.AsSpan(r * p.DIn, p.DIn));
            }
        });

    /// <summary>
    /// Backward of <see cref="HeadwiseLayerNormLinear"/> (inputs x, weight, bias[, lnWeight, lnBias]; <paramref name="inputRows"/>(i):
    /// head i's rows of x, read from the shared rows when there are), per head i:
    /// dW_i = LN(x_i)ᵀ · g_i; dLN = g_i · W_iᵀ, then the LayerNorm backward of each row; db = Σ_rows g.
    /// </summary>
    private static void HeadwiseBackward(Tensor g, GradSink sink, Func<int, Rows> inputRows, ReadOnlySpan<int> xShape, Tensor? lnWeight, Tensor? lnBias,
        Tensor weight, Tensor bias, HeadwiseShape p, RowStats? stats)
    {
        var gx = sink.Wants(0) ? Tensor.Uninitialized(xShape) : null;                               // [..., h, d_in]
        var gw = sink.Wants(1) ? Tensor.Uninitialized(weight.Shape) : null;                         // [d_in, h·d_out]
        var gLnW = stats is not null && sink.Wants(3) ? Tensor.Zeros(p.DIn) : null;                 // [d_in]
        var gLnB = stats is not null && sink.Wants(4) ? Tensor.Zeros(p.DIn) : null;                 // [d_in]
        var ld = p.Heads * p.DOut;
        var size = Math.Max(1, p.Rows * p.DIn);
        var xhat = ArrayPool<float>.Shared.Rent(size);                                              // [rows, d_in]: one head's x̂
        var work = ArrayPool<float>.Shared.Rent(size);                                              // [rows, d_in]: LN(x_i), then dLN
        try
        {
            for (var h = 0; h < p.Heads; h++)
            {
                var input = inputRows(h);
                var gh = g.Data[(h * p.DOut)..];                                                    // g_i: rows ld apart
                if (gw is not null)
                {
                    var a = input;
                    if (stats is { } s)
                    {
                        ApplyLayerNormRows(input, p, lnWeight!, lnBias!, s with { Offset = h * p.Rows }, work);
                        a = new Rows(work, 0, p.DIn);
                    }
                    Compute.Gemm.Sgemm(true, false, p.DIn, p.DOut, p.Rows, 1f, a.Data.AsSpan(a.Offset), a.Stride, gh, ld, 0f, gw.Data[(h * p.DOut)..], ld);
                }
                if (stats is null)
                {
                    if (gx is not null)
                        Compute.Gemm.Sgemm(false, true, p.Rows, p.DIn, p.DOut, 1f, gh, ld, weight.Data[(h * p.DOut)..], ld, 0f, gx.Data[(h * p.DIn)..], p.Heads * p.DIn);
                    continue;
                }
                if (gx is null && gLnW is null && gLnB is null) continue;
                Compute.Gemm.Sgemm(false, true, p.Rows, p.DIn, p.DOut, 1f, gh, ld, weight.Data[(h * p.DOut)..], ld, 0f, work, p.DIn);
                var dNormed = new Rows(work, 0, p.DIn);
                NormBackwardRows(p.Rows, p.DIn, input, dNormed, lnWeight!, stats.Value with { Offset = h * p.Rows }, xhat, gx is null ? null : p.HeadRows(gx, h));
                AddNormParamGrads(dNormed, xhat, p.Rows, p.DIn, gLnW, gLnB);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(xhat);
            ArrayPool<float>.Shared.Return(work);
        }
        if (gx is not null) sink.AddOwned(0, gx);
        if (gw is not null) sink.AddOwned(1, gw);
        if (sink.Wants(2))
        {
            var gb = Tensor.Zeros(bias.Size);                                                       // [h·d_out]
            AddNormParamGrads(new Rows(g.Storage, 0, bias.Size), null, p.Rows, bias.Size, null, gb);
            sink.AddOwned(2, gb);
        }
        if (gLnW is not null) sink.AddOwned(3, gLnW);
        if (gLnB is not null) sink.AddOwned(4, gLnB);
    }

    /// <summary>Sizes of <see cref="HeadwiseLayerNormLinear"/>, validated: rows = elements of x's leading dimensions.</summary>
    private readonly record struct HeadwiseShape(int Rows, int Heads, int DIn, int DOut)
    {
        /// <summary>Head h's input rows of x [rows, h, d_in] (or its gradient).</summary>
        public Rows HeadRows(Tensor t, int h) => new(t.Storage, h * DIn, Heads * DIn);

        public static HeadwiseShape Of(Tensor x, Tensor? lnWeight, Tensor? lnBias, Tensor weight, Tensor bias)
        {
            const string op = nameof(HeadwiseLayerNormLinear);
            if (x.Rank < 2) throw new ArgumentException($"{op} needs x [..., h, d_in]; got {x}.");
            var (heads, dIn) = (x.Shape[^2], x.Shape[^1]);
            if (weight.Rank != 2 || weight.Shape[0] != dIn || heads == 0 || weight.Shape[1] % heads != 0)
                throw new ArgumentException($"{op}: weight {weight} must be [{dIn}, {heads}·d_out] for input {x}.");
            if (bias.Rank != 1 || bias.Shape[0] != weight.Shape[1])
                throw new ArgumentException($"{op}: bias {bias} must be [{weight.Shape[1]}] for weight {weight}.");
            if ((lnWeight is null) != (lnBias is null))
                throw new ArgumentException($"{op}: give both LayerNorm weight and bias, or neither.");
            if (lnWeight is not null) CheckNormShapes(op, x, lnWeight, lnBias);
            return new HeadwiseShape(ShapeMath.ElementCount(x.Shape[..^2]), heads, dIn, weight.Shape[1] / heads);
        }
    }
}
