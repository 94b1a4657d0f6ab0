using CircuitBench.Tensors.Autograd;
using T = CircuitBench.Tensors.Ops;

namespace CircuitBench.Tensors.Tests.Autograd;

public class GradTapeTests
{
    [Fact]
    public void Leaf_gradients_accumulate_across_backward_passes()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 3);
        x.RequiresGrad = true;
        for (var pass = 0; pass < 2; pass++)
        {
            using var tape = GradTape.Begin();
            tape.Backward(T.Sum(T.Mul(x, x)));
        }
        Assert.Equal([4f, 8f, 12f], x.Grad!.ToArray());
    }

    [Fact]
    public void A_tensor_used_twice_receives_both_contributions()
    {
        var x = Tensor.FromArray([1.5f, -2f], 2);
        x.RequiresGrad = true;
        using var tape = GradTape.Begin();
        var y = T.Add(T.Scale(x, 3f), T.Mul(x, x)); // dy/dx = 3 + 2x
        tape.Backward(T.Sum(y));
        Assert.Equal([6f, -1f], x.Grad!.ToArray());
    }

    [Fact]
    public void Gradient_hooks_see_the_complete_gradient_and_intermediates_are_released()
    {
        var x = Tensor.FromArray([1f, 2f], 2);
        x.RequiresGrad = true;
        float[]? seenAtHidden = null;
        float[]? seenAtLeaf = null;
        using var tape = GradTape.Begin();
        var hidden = T.Scale(x, 2f);
        hidden.RegisterGradHook(g => seenAtHidden = g.ToArray());
        x.RegisterGradHook(g => seenAtLeaf = g.ToArray());
        var loss = T.Sum(T.Add(T.Mul(hidden, hidden), hidden)); // d/dh = 2h + 1 used through two paths
        tape.Backward(loss);
        Assert.Equal([5f, 9f], seenAtHidden!);
        Assert.Equal([10f, 18f], seenAtLeaf!);
        Assert.Null(hidden.Grad);
        Assert.Equal([10f, 18f], x.Grad!.ToArray());
    }

    [Fact]
    public void Passed_through_gradients_are_handed_over_only_when_the_output_does_not_keep_its_own()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        x.RequiresGrad = true;
        using var tape = GradTape.Begin();
        var kept = T.Reshape(x, 6).RetainGrad();                            // its gradient must be copied to x, not moved
        var released = T.Reshape(T.Scale(x, 3f), 3, 2);                      // its gradient may move to the Scale output
        tape.Backward(T.Add(T.Sum(T.Scale(kept, 2f)), T.Sum(T.Add(released, released))));
        Assert.Equal(Enumerable.Repeat(2f, 6), kept.Grad!.ToArray());
        Assert.Equal(Enumerable.Repeat(8f, 6), x.Grad!.ToArray());           // 2 + 3·2
        x.Grad!.Data[0] = 100f;
        Assert.Equal(2f, kept.Grad!.Data[0]);
    }

    [Fact]
    public void Retained_intermediate_gradients_survive_backward()
    {
        var x = Tensor.FromArray([3f], 1);
        x.RequiresGrad = true;
        using var tape = GradTape.Begin();
        var h = T.Scale(x, 2f).RetainGrad();
        tape.Backward(T.Sum(T.Mul(h, h)));
        Assert.Equal([12f], h.Grad!.ToArray());
    }

    [Fact]
    public void No_grad_scope_and_inputs_without_grad_record_nothing()
    {
        var x = Tensor.Ones(2);
        x.RequiresGrad = true;
        using var tape = GradTape.Begin();
        using (GradTape.NoGrad())
        {
            Assert.False(T.Scale(x, 2f).RequiresGrad);
        }
        Assert.False(T.Scale(Tensor.Ones(2), 2f).RequiresGrad);
        Assert.Equal(0, tape.StepCount);
        Assert.True(T.Scale(x, 2f).RequiresGrad);
        Assert.Equal(1, tape.StepCount);
    }

    [Fact]
    public void Backward_rejects_non_scalar_outputs_without_a_seed()
    {
        var x = Tensor.Ones(2);
        x.RequiresGrad = true;
        using var tape = GradTape.Begin();
        var ex = Assert.Throws<ArgumentException>(() => tape.Backward(T.Scale(x, 2f)));
        Assert.Contains("one-element", ex.Message);
    }

    [Fact]
    public void Disposed_tensors_refuse_access()
    {
        var x = Tensor.Ones(3);
        x.Dispose();
        Assert.Throws<ObjectDisposedException>(() => x.Data.Length);
    }
}
