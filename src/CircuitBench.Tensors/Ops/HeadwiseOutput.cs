using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Each head's output projection, kept per head: x [..., h, d_in] with weight [h·d_in, d_out] (head i owns rows
    /// i·d_in … (i+1)·d_in − 1) → y [..., h, d_out], <c>y[..., i, :] = x[..., i, :] · W[i]</c> (TransformerLens's
    /// <c>hook_result</c> from <c>z</c> and <c>W_O</c>). One strided product per head, no permuted copies; backward gives
    /// x and weight gradients.
    /// </summary>
    public static Tensor HeadwiseOutput(Tensor x, Tensor weight)
    {
        if (x.Rank < 2) throw new ArgumentException($"{nameof(HeadwiseOutput)} needs x [..., h, d_in]; got {x}.");
        var (heads, dIn) = (x.Shape[^2], x.Shape[^1]);
        if (weight.Rank != 2 || weight.Shape[0] != heads * dIn)
            throw new ArgumentException($"{nameof(HeadwiseOutput)}: weight {weight} must be [{heads}·{dIn}, d_out] for input {x}.");
        var dOut = weight.Shape[1];
        var rows = ShapeMath.ElementCount(x.Shape[..^2]);
        var y = Tensor.Uninitialized([.. x.Shape[..^1], dOut]);                                    // [..., h, d_out]
        for (var h = 0; h < heads; h++)
            Compute.Gemm.Sgemm(false, false, rows, dOut, dIn, 1f, x.Data[(h * dIn)..], heads * dIn,
                weight.Data.Slice(h * dIn * dOut, dIn * dOut), dOut, 0f, y.Data[(h * dOut)..], heads * dOut);
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = sink.Wants(0) ? Tensor.Uninitialized(x.Shape) : null;                          // [..., h, d_in]
            var gw = sink.Wants(1) ? Tensor.Uninitialized(weight.Shape) : null;                     // [h·d_in, d_out]
            for (var h = 0; h < heads; h++)
            {
                var gh = g.Data[(h * dOut)..];                                                      // g_i: rows h·d_out apart
                var wh = weight.Data.Slice(h * dIn * dOut, dIn * dOut);
                if (gx is not null)
                    Compute.Gemm.Sgemm(false, true, rows, dIn, dOut, 1f, gh, heads * dOut, wh, dOut, 0f, gx.Data[(h * dIn)..], heads * dIn);
                if (gw is not null)
                    Compute.Gemm.Sgemm(true, false, dIn, dOut, rows, 1f, x.Data[(h * dIn)..], heads * dIn, gh, heads * dOut, 0f,
                        gw.Data.Slice(h * dIn * dOut, dIn * dOut), dOut);
            }
            if (gx is not null) sink.AddOwned(0, gx);
            if (gw is not null) sink.AddOwned(1, gw);
        }, x, weight);
    }
}
