using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Tensors.Tests.Hooks;

public class HookPointTests
{
    [Fact]
    public void Hooks_read_replace_in_order_and_are_removed_by_their_handle()
    {
        var point = new HookPoint("blocks.0.hook_resid_pre");
        var x = Tensor.FromArray([1f, 2f], 2);
        Assert.Same(x, point.Apply(x));

        float[]? seen = null;
        using (point.Add((a, _) => { seen = a.ToArray(); return null; }))
        using (point.Add((a, _) => Tensors.Ops.Scale(a, 10f)))
        {
            Assert.Equal([10f, 20f], point.Apply(x).ToArray());
            Assert.Equal([1f, 2f], seen!);
        }
        Assert.False(point.HasHooks);
        Assert.Same(x, point.Apply(x));
    }

    [Fact]
    public void A_replacement_of_another_shape_is_refused_with_the_point_named()
    {
        var point = new HookPoint("blocks.1.attn.hook_z");
        point.Add((_, _) => Tensor.Zeros(3));
        var ex = Assert.Throws<InvalidOperationException>(() => point.Apply(Tensor.Zeros(2)));
        Assert.Contains("blocks.1.attn.hook_z", ex.Message);
    }

    [Fact]
    public void Gradients_flow_through_a_hook_that_adds_to_the_activation()
    {
        var point = new HookPoint("hook_embed");
        var delta = Tensor.FromArray([0.5f, 0.5f], 2);
        delta.RequiresGrad = true;
        point.Add((a, _) => Tensors.Ops.Add(a, delta));
        var x = Tensor.FromArray([1f, 2f], 2);
        x.RequiresGrad = true;
        using var tape = GradTape.Begin();
        tape.Backward(Tensors.Ops.Sum(Tensors.Ops.Mul(point.Apply(x), x))); // d/dδ = x
        Assert.Equal([1f, 2f], delta.Grad!.ToArray());
    }

    [Fact]
    public void Registry_finds_points_by_name_and_suggests_close_names()
    {
        var hooks = new HookRegistry();
        hooks.Create("blocks.0.attn.hook_q");
        hooks.Create("blocks.0.attn.hook_k");
        hooks.Create("ln_final.hook_normalized");
        Assert.Equal("blocks.0.attn.hook_k", hooks["blocks.0.attn.hook_k"].Name);
        var ex = Assert.Throws<KeyNotFoundException>(() => hooks["blocks.0.attn.hook_kk"]);
        Assert.Contains("blocks.0.attn.hook_k", ex.Message);
        Assert.Throws<ArgumentException>(() => hooks.Create("blocks.0.attn.hook_q"));
    }
}
