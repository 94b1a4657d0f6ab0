using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

/// <summary>Tensor operations; each records its backward step on the active <see cref="GradTape"/>.</summary>
public static partial class Ops
{
    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => GradTape.Record(Broadcasting.Binary(a, b, BinaryOp.Add), (g, sink) =>
    {
        // The last operand that needs a gradient may take g itself (handed over, not copied) when it has g's shape.
        var wantsA = sink.Wants(0);
        if (sink.Wants(1))
        {
            if (wantsA) sink.AddOwned(1, Broadcasting.SumTo(g, b.Shape));
            else AddSummedTo(sink, 1, g, b.Shape);
        }
        if (wantsA) AddSummedTo(sink, 0, g, a.Shape);
    }, a, b);

    /// <summary>a − b with broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b) => GradTape.Record(Broadcasting.Binary(a, b, BinaryOp.Subtract), (g, sink) =>
    {
        if (sink.Wants(1))
        {
            var gb = Broadcasting.SumTo(g, b.Shape);
            System.Numerics.Tensors.TensorPrimitives.Negate(gb.Data, gb.Data);
            sink.AddOwned(1, gb);
        }
        if (sink.Wants(0)) AddSummedTo(sink, 0, g, a.Shape);
    }, a, b);

    /// <summary>a · b elementwise with broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b) => GradTape.Record(Broadcasting.Binary(a, b, BinaryOp.Multiply), (g, sink) =>
    {
        if (sink.Wants(0)) sink.AddOwned(0, ProductSummedTo(g, b, a.Shape));
        if (sink.Wants(1)) sink.AddOwned(1, ProductSummedTo(g, a, b.Shape));
    }, a, b);

    /// <summary>x · scale.</summary>
    public static Tensor Scale(Tensor x, float scale)
    {
        var y = Tensor.Uninitialized(x.Shape);
        System.Numerics.Tensors.TensorPrimitives.Multiply(x.Data, scale, y.Data);
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = Tensor.Uninitialized(g.Shape);
            System.Numerics.Tensors.TensorPrimitives.Multiply(g.Data, scale, gx.Data);
            sink.AddOwned(0, gx);
        }, x);
    }

    /// <summary>x + value elementwise.</summary>
    public static Tensor AddScalar(Tensor x, float value)
    {
        var y = Tensor.Uninitialized(x.Shape);
        System.Numerics.Tensors.TensorPrimitives.Add(x.Data, value, y.Data);
        return GradTape.Record(y, (g, sink) => sink.Add(0, g), x);
    }

    /// <summary>Adds g summed down to an operand's <paramref name="shape"/>; g itself is passed through when the shapes agree.</summary>
    private static void AddSummedTo(GradSink sink, int index, Tensor g, ReadOnlySpan<int> shape)
    {
        if (ShapeMath.SameShape(g.Shape, shape)) sink.AddPassThrough(index, g);
        else sink.AddOwned(index, Broadcasting.SumTo(g, shape));
    }

    /// <summary>Σ over the broadcast dimensions of g · other, shaped like the operand.</summary>
    private static Tensor ProductSummedTo(Tensor g, Tensor other, ReadOnlySpan<int> shape)
    {
        using var product = Broadcasting.Binary(g, other, BinaryOp.Multiply);
        return Broadcasting.SumTo(product, shape);
    }
}

public sealed partial class Tensor
{
    /// <summary>Elementwise sum with broadcasting (<see cref="Ops.Add"/>).</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    /// <summary>Elementwise difference with broadcasting (<see cref="Ops.Sub"/>).</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Sub(a, b);

    /// <summary>Elementwise product with broadcasting (<see cref="Ops.Mul"/>).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Mul(a, b);

    /// <summary>Scaling by a constant (<see cref="Ops.Scale"/>).</summary>
    public static Tensor operator *(Tensor a, float s) => Ops.Scale(a, s);
}
