using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Tests.Support;

namespace CircuitBench.Tensors.Tests.Ops;

/// <summary>Forward values and input gradients against PyTorch fixtures (tools/reference/make_nn_fixtures.py).</summary>
public class TorchFixtureTests
{
    /// <summary>Runs <paramref name="op"/> on the fixture's inputs, back-propagates its grad_output, and compares output and input gradients.</summary>
    private static void Check(string name, string[] inputs, Func<Tensor[], Tensor> op, double rtol = 1e-5, double atol = 1e-6)
    {
        var f = TorchFixture.Load(name);
        var xs = inputs.Select(f.Tensor).ToArray();
        foreach (var x in xs) x.RequiresGrad = true;
        using (var tape = GradTape.Begin())
        {
            var y = op(xs);
            f.AssertMatches("output", y, rtol, atol);
            tape.Backward(y, f.Tensor("grad_output"));
        }
        for (var i = 0; i < xs.Length; i++) f.AssertMatches("grad." + inputs[i], xs[i].Grad!, rtol, atol);
    }

    [Fact]
    public void Layer_norm() => Check("layer_norm", ["x", "weight", "bias"], t => Tensors.Ops.LayerNorm(t[0], t[1], t[2], 1e-5f));

    [Fact]
    public void Rms_norm() => Check("rms_norm", ["x", "weight"], t => Tensors.Ops.RmsNorm(t[0], t[1], 1e-6f));

    [Fact]
    public void Gelu_new() => Check("gelu_new", ["x"], t => Tensors.Ops.Gelu(t[0], GeluKind.Tanh));

    [Fact]
    public void Gelu_exact() => Check("gelu", ["x"], t => Tensors.Ops.Gelu(t[0], GeluKind.Erf));

    [Fact]
    public void Silu() => Check("silu", ["x"], t => Tensors.Ops.Silu(t[0]));

    [Fact]
    public void Softmax_with_large_and_masked_logits() => Check("softmax", ["x"], t => Tensors.Ops.Softmax(t[0]));

    [Fact]
    public void Log_softmax_with_large_and_masked_logits() => Check("log_softmax", ["x"], t => Tensors.Ops.LogSoftmax(t[0]));

    [Fact]
    public void Rotary_rotate_half()
    {
        var p = TorchFixture.Load("rotary").Params;
        Check("rotary", ["x"], t => Tensors.Ops.Rotary(t[0], p.GetProperty("offset").GetInt32(), p.GetProperty("rotary_dim").GetInt32(), p.GetProperty("theta").GetDouble()));
    }

    [Fact]
    public void Cross_entropy_with_ignored_row_and_large_logits()
    {
        var targets = TorchFixture.Load("cross_entropy").Params.GetProperty("targets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Check("cross_entropy", ["logits"], t => Tensors.Ops.CrossEntropy(t[0], targets));
    }

    [Fact]
    public void Kl_divergence_per_row() => Check("kl_divergence", ["logits_p", "logits_q"], t => Tensors.Ops.KlDivergence(t[0], t[1]));

    [Fact]
    public void Attention_with_causal_and_padding_mask()
    {
        var f = TorchFixture.Load("attention");
        var lengths = f.Params.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var (q, k, v) = (f.Tensor("q"), f.Tensor("k"), f.Tensor("v"));
        q.RequiresGrad = k.RequiresGrad = v.RequiresGrad = true;
        using (var tape = GradTape.Begin())
        {
            var result = Tensors.Ops.Attention(q, k, v, new AttentionMask(lengths));
            f.AssertMatches("z", result.Z);
            f.AssertMatches("pattern", result.Pattern);
            // L = Σ z ⊙ g_z + Σ pattern ⊙ g_pattern: both outputs receive their PyTorch upstream gradients.
            var loss = Tensors.Ops.Add(Tensors.Ops.Sum(Tensors.Ops.Mul(result.Z, f.Tensor("grad_output.z"))),
                Tensors.Ops.Sum(Tensors.Ops.Mul(result.Pattern, f.Tensor("grad_output.pattern"))));
            tape.Backward(loss);
        }
        f.AssertMatches("grad.q", q.Grad!);
        f.AssertMatches("grad.k", k.Grad!);
        f.AssertMatches("grad.v", v.Grad!);
    }
}
