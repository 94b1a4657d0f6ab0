using CircuitBench.Tensors;

namespace CircuitBench.Models.Architecture;

/// <summary>
/// A pre-LayerNorm decoder-only transformer (GPT-2 family, or attention-only) with TransformerLens hook
/// points. Forward: embed + pos_embed → blocks (resid += attn(ln1(resid)); resid += mlp(ln2(resid)))
/// → ln_final → unembed. Gradients: record a <see cref="Tensors.Autograd.GradTape"/> around the call;
/// parameters get gradients when they require them, and any activation a hook marks as requiring a
/// gradient makes everything downstream differentiable (so activation gradients cost no parameter gradients).
/// </summary>
public sealed class HookedTransformer
{
    /// <summary>Builds a model from a validated config and matching weights.</summary>
    public HookedTransformer(ModelConfig config, TransformerWeights weights)
    {
        Config = config.Validate();
        Weights = weights;
        WeightShapes.Check(config, weights);
        Hooks = new ModelHooks(config);
    }

    /// <summary>The architecture.</summary>
    public ModelConfig Config { get; }

    /// <summary>The parameters.</summary>
    public TransformerWeights Weights { get; }

    /// <summary>The hook points.</summary>
    public ModelHooks Hooks { get; }

    /// <summary>
    /// Logits [batch, seq, d_vocab] of a right-padded batch (rows attend only to their real tokens); with
    /// <paramref name="stopAtLayer"/> n (TransformerLens' <c>stop_at_layer</c>, 0 … n_layers), the residual stream
    /// [batch, seq, d_model] after the first n blocks instead: no later block, final LayerNorm or unembedding runs.
    /// </summary>
    public Tensor Forward(TokenBatch batch, int? stopAtLayer = null)
    {
        if (stopAtLayer is < 0 || stopAtLayer > Config.NLayers)
            throw new ArgumentOutOfRangeException(nameof(stopAtLayer), stopAtLayer, $"stopAtLayer must be between 0 and the model's {Config.NLayers} layers.");
        if (batch.Seq > Config.NCtx)
            throw new ArgumentException($"Sequences of {batch.Seq} tokens exceed the model's context of {Config.NCtx}.");
        foreach (var id in batch.Ids)
            if ((uint)id >= (uint)Config.DVocab)
                throw new ArgumentException($"Token id {id} is outside the model's vocabulary of {Config.DVocab}.");
        var (b, s) = (batch.Batch, batch.Seq);
        var embed = Hooks.Embed.Apply(Ops.Embedding(Weights.WE, batch.Ids, b, s));                 // [b, p, d_model]
        var positions = Enumerable.Range(0, b * s).Select(i => i % s).ToArray();
        var posEmbed = Hooks.PosEmbed.Apply(Ops.Embedding(Weights.WPos, positions, b, s));         // [b, p, d_model]
        var resid = Ops.Add(embed, posEmbed);
        for (var l = 0; l < (stopAtLayer ?? Config.NLayers); l++)
            resid = TransformerBlock.Forward(Config, Weights.Blocks[l], Hooks.Blocks[l], resid, batch.Lengths);
        if (stopAtLayer is not null) return resid;
        var final = Config.FinalLayerNorm ? Ops.LayerNorm(resid, Weights.LnFinalW!, Weights.LnFinalB!, Config.LayerNormEps) : resid;
        final = Hooks.FinalNormalized.Apply(final);                                                  // [b, p, d_model]
        return Unembed(final);
    }

    /// <summary>x [b, p, d_model] → logits [b, p, d_vocab] (tied: x · W_Eᵀ).</summary>
    private Tensor Unembed(Tensor x)
    {
        var flat = Ops.Reshape(x, -1, Config.DModel);
        var logits = Weights.WU is null ? Ops.MatMul(flat, Weights.WE, transposeB: true) : Ops.MatMul(flat, Weights.WU);
        if (Weights.BU is not null) logits = Ops.Add(logits, Weights.BU);
        return Ops.Reshape(logits, x.Dim(0), x.Dim(1), Config.DVocab);
    }
}
