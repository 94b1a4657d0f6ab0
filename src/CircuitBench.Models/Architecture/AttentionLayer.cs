using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Models.Architecture;

/// <summary>
/// Multi-head causal self-attention with split inputs and per-head outputs.
/// Queries, keys and values are computed from one shared ln1(resid_pre) with one matrix product each,
/// unless their input hook (<c>hook_q_input</c> …) has hooks: then every head reads its own copy of
/// resid_pre [b, p, h, d_model], normalised and projected per head (one fused op), so edge-level patching can give each head a
/// different input. The per-head outputs (<c>hook_result</c>) are materialised only when hooked;
/// otherwise one product z · W_O gives the same sum.
/// </summary>
internal static class AttentionLayer
{
    /// <summary>resid_pre [b, p, d_model] → attn_out [b, p, d_model] (including b_O).</summary>
    public static Tensor Forward(ModelConfig config, BlockWeights w, BlockHooks hooks, Tensor residPre, int[] lengths)
    {
        var shape = new Shape(residPre.Dim(0), residPre.Dim(1), config.NHeads, config.DHead, config.DModel);
        Tensor? shared = null;
        Tensor Shared() => shared ??= TransformerBlock.Normalize(residPre, w.Ln1W, w.Ln1B, config.LayerNormEps);
        Tensor Project(HookPoint input, Tensor weight, Tensor bias)
        {
            if (!input.HasHooks) return Ops.Reshape(Ops.Linear(Shared(), weight, bias), shape.B, shape.P, shape.H, shape.DHead);
            var rows = Ops.Reshape(residPre, shape.B, shape.P, 1, shape.DModel);
            var expanded = Ops.ExpandLazily(rows, shape.B, shape.P, shape.H, shape.DModel);   // copied only if a hook reads it
            var perHead = input.Apply(expanded);
            // Unchanged by the hooks (e.g. only gradient hooks): every head reads resid_pre, so the forward runs once for all.
            return Ops.HeadwiseLayerNormLinear(perHead, w.Ln1W, w.Ln1B, weight, bias, config.LayerNormEps,
                sharedRows: ReferenceEquals(perHead, expanded) ? rows : null);
        }

        var q = hooks.Q.Apply(Project(hooks.QInput, w.WQ, w.BQ));                 // [b, p, h, d_head]
        var k = hooks.K.Apply(Project(hooks.KInput, w.WK, w.BK));                 // [b, p, h, d_head]
        var v = hooks.V.Apply(Project(hooks.VInput, w.WV, w.BV));                 // [b, p, h, d_head]
        var z = hooks.Z.Apply(AttentionCore.Forward(q, k, v, lengths, hooks.Pattern)); // [b, p, h, d_head]
        if (!hooks.Result.HasHooks)
            return Ops.Linear(Ops.Reshape(z, shape.B, shape.P, shape.H * shape.DHead), w.WO, w.BO);
        var result = hooks.Result.Apply(Ops.HeadwiseOutput(z, w.WO));                     // [b, p, h, d_model]
        return Ops.Add(Ops.Sum(result, 2), w.BO);
    }

    private readonly record struct Shape(int B, int P, int H, int DHead, int DModel);
}
