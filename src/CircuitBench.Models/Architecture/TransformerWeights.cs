using CircuitBench.Tensors;

namespace CircuitBench.Models.Architecture;

/// <summary>
/// All parameters of a <see cref="HookedTransformer"/>, with TransformerLens names
/// (<c>embed.W_E</c>, <c>blocks.0.attn.W_Q</c>, …; see <see cref="Named"/>).
/// </summary>
public sealed class TransformerWeights
{
    /// <summary>Token embedding [d_vocab, d_model].</summary>
    public required Tensor WE { get; init; }

    /// <summary>Learned position embedding [n_ctx, d_model].</summary>
    public required Tensor WPos { get; init; }

    /// <summary>One entry per block.</summary>
    public required IReadOnlyList<BlockWeights> Blocks { get; init; }

    /// <summary>Final LayerNorm scale and shift [d_model], or null without a final LayerNorm.</summary>
    public Tensor? LnFinalW { get; init; }

    /// <inheritdoc cref="LnFinalW"/>
    public Tensor? LnFinalB { get; init; }

    /// <summary>Unembedding [d_model, d_vocab], or null when tied to <see cref="WE"/> (logits = x · W_Eᵀ).</summary>
    public Tensor? WU { get; init; }

    /// <summary>Unembedding bias [d_vocab], or null.</summary>
    public Tensor? BU { get; init; }

    /// <summary>Every parameter with its TransformerLens name, in a fixed order.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> Named()
    {
        yield return ("embed.W_E", WE);
        yield return ("pos_embed.W_pos", WPos);
        for (var l = 0; l < Blocks.Count; l++)
            foreach (var (name, tensor) in Blocks[l].Named())
                yield return ($"blocks.{l}.{name}", tensor);
        if (LnFinalW is not null) yield return ("ln_final.w", LnFinalW);
        if (LnFinalB is not null) yield return ("ln_final.b", LnFinalB);
        if (WU is not null) yield return ("unembed.W_U", WU);
        if (BU is not null) yield return ("unembed.b_U", BU);
    }

    /// <summary>Drops every parameter's accumulated gradient (see <see cref="Tensor.ClearGrad"/>).</summary>
    public void ClearGrads()
    {
        foreach (var (_, tensor) in Named()) tensor.ClearGrad();
    }

    /// <summary>Marks every parameter as needing (or not needing) a gradient.</summary>
    public void SetRequiresGrad(bool value)
    {
        foreach (var (_, tensor) in Named()) tensor.RequiresGrad = value;
    }
}
