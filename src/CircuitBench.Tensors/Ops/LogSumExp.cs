using System.Numerics.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// <c>log Σ_j exp(x[..., j])</c> over the last axis: x [..., n] → [...], computed as
    /// <c>max + log Σ exp(x − max)</c> (in double for the sum). Backward: dx = g · softmax(x), the softmax recomputed from the row maximum.
    /// </summary>
    public static Tensor LogSumExp(Tensor x)
    {
        if (x.Rank == 0) throw new ArgumentException("LogSumExp needs at least one axis.", nameof(x));
        var n = x.Shape[^1];
        var y = Tensor.Uninitialized(x.Shape[..^1]);
        for (var row = 0; row < y.Size; row++)
        {
            var line = x.Data.Slice(row * n, n);
            var max = n == 0 ? float.NegativeInfinity : TensorPrimitives.Max(line);
            if (float.IsNegativeInfinity(max)) { y.Data[row] = float.NegativeInfinity; continue; }
            double sum = 0;
            foreach (var v in line) sum += Math.Exp(v - max);
            y.Data[row] = (float)(max + Math.Log(sum));
        }
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = Tensor.Uninitialized(x.Shape);
            for (var row = 0; row < y.Size; row++)
            {
                var line = x.Data.Slice(row * n, n);
                var dst = gx.Data.Slice(row * n, n);
                if (float.IsNegativeInfinity(y.Data[row])) { dst.Clear(); continue; }
                var max = TensorPrimitives.Max(line);                 // softmax from the max, not from the rounded y
                TensorPrimitives.Subtract(line, max, dst);
                TensorPrimitives.Exp(dst, dst);
                double sum = 0;
                foreach (var e in dst) sum += e;
                TensorPrimitives.Multiply(dst, (float)(g.Data[row] / sum), dst);
            }
            sink.AddOwned(0, gx);
        }, x);
    }
}
