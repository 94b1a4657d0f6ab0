using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Models.Architecture;

/// <summary>Hook points of one block, named as in TransformerLens (shapes: b = batch, p = position, h = head).</summary>
public sealed class BlockHooks
{
    internal BlockHooks(HookRegistry registry, int layer, bool hasMlp)
    {
        string B(string name) => $"blocks.{layer}.{name}";
        ResidPre = registry.Create(B("hook_resid_pre"));
        QInput = registry.Create(B("hook_q_input"));
        KInput = registry.Create(B("hook_k_input"));
        VInput = registry.Create(B("hook_v_input"));
        Q = registry.Create(B("attn.hook_q"));
        K = registry.Create(B("attn.hook_k"));
        V = registry.Create(B("attn.hook_v"));
        Pattern = registry.Create(B("attn.hook_pattern"));
        Z = registry.Create(B("attn.hook_z"));
        Result = registry.Create(B("attn.hook_result"));
        AttnOut = registry.Create(B("hook_attn_out"));
        if (hasMlp)
        {
            ResidMid = registry.Create(B("hook_resid_mid"));
            MlpIn = registry.Create(B("hook_mlp_in"));
            MlpPre = registry.Create(B("mlp.hook_pre"));
            MlpPost = registry.Create(B("mlp.hook_post"));
            MlpOut = registry.Create(B("hook_mlp_out"));
        }
        ResidPost = registry.Create(B("hook_resid_post"));
    }

    /// <summary>Residual stream entering the block [b, p, d_model].</summary>
    public HookPoint ResidPre { get; }

    /// <summary>Per-head query / key / value inputs before ln1 [b, p, h, d_model]; hooking one makes each head read its own copy.</summary>
    public HookPoint QInput { get; }

    /// <inheritdoc cref="QInput"/>
    public HookPoint KInput { get; }

    /// <inheritdoc cref="QInput"/>
    public HookPoint VInput { get; }

    /// <summary>Queries, keys, values [b, p, h, d_head].</summary>
    public HookPoint Q { get; }

    /// <inheritdoc cref="Q"/>
    public HookPoint K { get; }

    /// <inheritdoc cref="Q"/>
    public HookPoint V { get; }

    /// <summary>Attention pattern [b, h, query p, key p] (rows sum to 1 over visible keys).</summary>
    public HookPoint Pattern { get; }

    /// <summary>Weighted values [b, p, h, d_head].</summary>
    public HookPoint Z { get; }

    /// <summary>Each head's output z_h · W_O[h] [b, p, h, d_model], without the output bias.</summary>
    public HookPoint Result { get; }

    /// <summary>Attention output including b_O [b, p, d_model].</summary>
    public HookPoint AttnOut { get; }

    /// <summary>Residual after attention [b, p, d_model] (models with MLPs).</summary>
    public HookPoint? ResidMid { get; }

    /// <summary>MLP input before ln2 [b, p, d_model].</summary>
    public HookPoint? MlpIn { get; }

    /// <summary>MLP hidden pre-activation and post-activation [b, p, d_mlp].</summary>
    public HookPoint? MlpPre { get; }

    /// <inheritdoc cref="MlpPre"/>
    public HookPoint? MlpPost { get; }

    /// <summary>MLP output [b, p, d_model].</summary>
    public HookPoint? MlpOut { get; }

    /// <summary>Residual stream leaving the block [b, p, d_model].</summary>
    public HookPoint ResidPost { get; }
}

/// <summary>Every hook point of a model: <c>hook_embed</c>, <c>hook_pos_embed</c>, the blocks', <c>ln_final.hook_normalized</c>.</summary>
public sealed class ModelHooks
{
    internal ModelHooks(ModelConfig config)
    {
        Embed = Registry.Create("hook_embed");
        PosEmbed = Registry.Create("hook_pos_embed");
        Blocks = Enumerable.Range(0, config.NLayers).Select(l => new BlockHooks(Registry, l, !config.AttnOnly)).ToArray();
        FinalNormalized = Registry.Create("ln_final.hook_normalized");
    }

    /// <summary>All hook points by name, in forward order.</summary>
    public HookRegistry Registry { get; } = new();

    /// <summary>Token embeddings [b, p, d_model].</summary>
    public HookPoint Embed { get; }

    /// <summary>Position embeddings [b, p, d_model].</summary>
    public HookPoint PosEmbed { get; }

    /// <summary>Per-block hook points.</summary>
    public IReadOnlyList<BlockHooks> Blocks { get; }

    /// <summary>Input of the unembedding after the final LayerNorm (or the final residual without one) [b, p, d_model].</summary>
    public HookPoint FinalNormalized { get; }
}
