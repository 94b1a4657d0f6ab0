using CircuitBench.Tensors;

namespace CircuitBench.Models.Architecture;

/// <summary>One pre-LayerNorm block: resid_mid = resid_pre + attn(ln1(resid_pre)); resid_post = resid_mid + mlp(ln2(resid_mid)).</summary>
internal static class TransformerBlock
{
    /// <summary>resid [b, p, d_model] → resid [b, p, d_model].</summary>
    public static Tensor Forward(ModelConfig config, BlockWeights w, BlockHooks hooks, Tensor resid, int[] lengths)
    {
        var residPre = hooks.ResidPre.Apply(resid);
        var attnOut = hooks.AttnOut.Apply(AttentionLayer.Forward(config, w, hooks, residPre, lengths));
        if (config.AttnOnly) return hooks.ResidPost.Apply(Ops.Add(residPre, attnOut));
        var residMid = hooks.ResidMid!.Apply(Ops.Add(residPre, attnOut));
        var mlpIn = hooks.MlpIn!.HasHooks ? hooks.MlpIn.Apply(Ops.Branch(residMid)) : residMid; // its own gradient: the MLP path only
        var mlpOut = hooks.MlpOut!.Apply(MlpLayer.Forward(config, w, hooks, mlpIn));
        return hooks.ResidPost.Apply(Ops.Add(residMid, mlpOut));
    }

    /// <summary>LayerNorm over the last axis when the block has one, else the identity.</summary>
    public static Tensor Normalize(Tensor x, Tensor? weight, Tensor? bias, float eps) =>
        weight is null ? x : Ops.LayerNorm(x, weight, bias!, eps);
}
