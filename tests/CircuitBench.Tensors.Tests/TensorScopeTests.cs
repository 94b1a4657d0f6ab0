using CircuitBench.Tensors.Autograd;
using T = CircuitBench.Tensors.Ops;

namespace CircuitBench.Tensors.Tests;

/// <summary><see cref="TensorScope"/> releases what was made inside, except kept tensors and gradients left by backward.</summary>
public sealed class TensorScopeTests
{
    [Fact]
    public void Tensors_made_inside_are_released_unless_kept()
    {
        var outside = Tensor.Ones(4);
        Tensor released, kept, viewOfReleased;
        using (var scope = TensorScope.Begin())
        {
            released = T.Scale(outside, 2f);
            viewOfReleased = T.Reshape(released, 2, 2);
            kept = scope.Keep(T.Reshape(T.Scale(outside, 3f), 2, 2));   // a view: its source is kept with it
        }
        Assert.Throws<ObjectDisposedException>(() => released.ToArray());
        Assert.Throws<ObjectDisposedException>(() => viewOfReleased.ToArray());
        Assert.Equal([3f, 3f, 3f, 3f], kept.ToArray());
        Assert.Equal([1f, 1f, 1f, 1f], outside.ToArray());
    }

    [Fact]
    public void A_kept_lazy_expansion_is_written_before_what_it_reads_is_released()
    {
        Tensor kept;
        using (var scope = TensorScope.Begin())
        {
            var rows = T.Scale(Tensor.Ones(2, 1, 3), 2f);                          // released with the scope
            kept = scope.Keep(T.ExpandLazily(rows, 2, 4, 3));
            Assert.False(kept.ContentsPending);
        }
        Assert.All(kept.ToArray(), v => Assert.Equal(2f, v));
    }

    [Fact]
    public void Kept_tensors_pass_to_the_enclosing_scope()
    {
        Tensor kept;
        using (TensorScope.Begin())
        {
            using (var inner = TensorScope.Begin()) kept = inner.Keep(Tensor.Zeros(3));
            Assert.Equal([0f, 0f, 0f], kept.ToArray());
        }
        Assert.Throws<ObjectDisposedException>(() => kept.ToArray());
    }

    [Fact]
    public void Gradients_on_leaves_and_retained_intermediates_survive_while_the_graph_is_released()
    {
        var x = Tensor.FromArray([1f, 2f], 2);
        x.RequiresGrad = true;
        Tensor hidden;
        using (TensorScope.Begin())
        {
            using var tape = GradTape.Begin();
            hidden = T.Scale(x, 3f).RetainGrad();
            tape.Backward(T.Sum(T.Mul(hidden, hidden)));
        }
        Assert.Equal([18f, 36f], x.Grad!.ToArray());                // 2·(3x)·3
        Assert.Equal([6f, 12f], hidden.Grad!.ToArray());
        Assert.Throws<ObjectDisposedException>(() => hidden.ToArray());
    }

    [Fact]
    public void Repeated_scoped_passes_give_the_same_values()
    {
        var w = Tensor.FromArray([0.5f, -1f, 2f, 0.25f], 2, 2);
        w.RequiresGrad = true;
        float[] Pass()
        {
            w.ClearGrad();
            using (TensorScope.Begin())
            {
                using var tape = GradTape.Begin();
                tape.Backward(T.Sum(T.Gelu(T.MatMul(w, w))));
            }
            return w.Grad!.ToArray();
        }
        var first = Pass();
        Assert.Equal(first, Pass());
    }
}
