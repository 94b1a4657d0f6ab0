namespace CircuitBench.Models.Architecture;

/// <summary>The activation function of the MLP blocks.</summary>
public enum ActivationKind
{
    /// <summary>GPT-2's tanh approximation of GELU (HF <c>gelu_new</c>).</summary>
    GeluNew,

    /// <summary>Exact GELU with erf (HF <c>gelu</c>).</summary>
    Gelu,

    /// <summary>x·sigmoid(x) (HF <c>silu</c>).</summary>
    Silu,
}

/// <summary>
/// Architecture of a pre-LayerNorm decoder-only transformer (names as in TransformerLens's
/// <c>HookedTransformerConfig</c>). Covers the GPT-2 family (learned positions, LayerNorm, gelu_new,
/// tied unembedding) and attention-only variants (<see cref="AttnOnly"/>: no MLPs).
/// </summary>
/// <param name="DModel">Residual stream width d_model.</param>
/// <param name="NLayers">Number of blocks.</param>
/// <param name="NHeads">Attention heads per block.</param>
/// <param name="DHead">Width of one head (d_model / n_heads for GPT-2).</param>
/// <param name="DMlp">Hidden width of the MLP (4·d_model for GPT-2); ignored when <see cref="AttnOnly"/>.</param>
/// <param name="DVocab">Vocabulary size.</param>
/// <param name="NCtx">Maximum sequence length (learned position table rows).</param>
/// <param name="AttnOnly">True for attention-only models (no MLP blocks).</param>
/// <param name="Activation">MLP activation.</param>
/// <param name="LayerNormEps">ε of every LayerNorm.</param>
/// <param name="FinalLayerNorm">True when a LayerNorm precedes the unembedding.</param>
/// <param name="BlockLayerNorms">True when each block normalises its attention and MLP inputs (GPT-2); false for toy models without them.</param>
/// <param name="TiedEmbeddings">True when the unembedding is the transposed token embedding (GPT-2).</param>
/// <param name="BosTokenId">Token prepended to prompts, or null when the model has none.</param>
public sealed record ModelConfig(
    int DModel,
    int NLayers,
    int NHeads,
    int DHead,
    int DMlp,
    int DVocab,
    int NCtx,
    bool AttnOnly = false,
    ActivationKind Activation = ActivationKind.GeluNew,
    float LayerNormEps = 1e-5f,
    bool FinalLayerNorm = true,
    bool BlockLayerNorms = true,
    bool TiedEmbeddings = true,
    int? BosTokenId = null)
{
    /// <summary>End-of-text token (GPT-2 uses it to separate and pad documents), or null when the model has none.</summary>
    public int? EosTokenId { get; init; }

    /// <summary>Checks the sizes are positive and consistent; throws with the offending field named.</summary>
    public ModelConfig Validate()
    {
        void Positive(int value, string name)
        {
            if (value <= 0) throw new ArgumentException($"Model config: {name} must be positive, got {value}.");
        }
        Positive(DModel, "d_model");
        Positive(NLayers, "n_layers");
        Positive(NHeads, "n_heads");
        Positive(DHead, "d_head");
        Positive(DVocab, "d_vocab");
        Positive(NCtx, "n_ctx");
        if (!AttnOnly) Positive(DMlp, "d_mlp");
        if (BosTokenId is { } bos && (bos < 0 || bos >= DVocab))
            throw new ArgumentException($"Model config: bos_token_id {bos} is outside the vocabulary of {DVocab}.");
        if (EosTokenId is { } eos && (eos < 0 || eos >= DVocab))
            throw new ArgumentException($"Model config: eos_token_id {eos} is outside the vocabulary of {DVocab}.");
        return this;
    }
}
