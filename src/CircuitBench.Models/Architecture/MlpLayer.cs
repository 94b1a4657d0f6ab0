using CircuitBench.Tensors;

namespace CircuitBench.Models.Architecture;

/// <summary>The MLP: ln2 → W_in + b_in (hook_pre) → activation (hook_post) → W_out + b_out.</summary>
internal static class MlpLayer
{
    /// <summary>mlp_in [b, p, d_model] → mlp_out [b, p, d_model].</summary>
    public static Tensor Forward(ModelConfig config, BlockWeights w, BlockHooks hooks, Tensor mlpIn)
    {
        var x = TransformerBlock.Normalize(mlpIn, w.Ln2W, w.Ln2B, config.LayerNormEps);
        var pre = hooks.MlpPre!.Apply(Ops.Linear(x, w.WIn!, w.BIn));                  // [b, p, d_mlp]
        var post = hooks.MlpPost!.Apply(Activate(config.Activation, pre));             // [b, p, d_mlp]
        return Ops.Linear(post, w.WOut!, w.BOut);
    }

    private static Tensor Activate(ActivationKind kind, Tensor x) => kind switch
    {
        ActivationKind.GeluNew => Ops.Gelu(x, GeluKind.Tanh),
        ActivationKind.Gelu => Ops.Gelu(x, GeluKind.Erf),
        _ => Ops.Silu(x),
    };
}
