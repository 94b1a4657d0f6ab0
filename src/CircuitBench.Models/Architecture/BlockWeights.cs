using CircuitBench.Tensors;

namespace CircuitBench.Models.Architecture;

/// <summary>
/// Parameters of one transformer block. Projection weights use the <c>[in, out]</c> layout of GPT-2's
/// Conv1D, with heads side by side along the output: head h of W_Q owns columns
/// <c>[h·d_head, (h+1)·d_head)</c>. LayerNorm parameters are null when the block has no LayerNorms,
/// MLP parameters null for attention-only models.
/// </summary>
public sealed class BlockWeights
{
    /// <summary>ln1 scale and shift [d_model].</summary>
    public Tensor? Ln1W { get; init; }

    /// <inheritdoc cref="Ln1W"/>
    public Tensor? Ln1B { get; init; }

    /// <summary>Query, key and value projections [d_model, n_heads·d_head].</summary>
    public required Tensor WQ { get; init; }

    /// <inheritdoc cref="WQ"/>
    public required Tensor WK { get; init; }

    /// <inheritdoc cref="WQ"/>
    public required Tensor WV { get; init; }

    /// <summary>Query, key and value biases [n_heads·d_head].</summary>
    public required Tensor BQ { get; init; }

    /// <inheritdoc cref="BQ"/>
    public required Tensor BK { get; init; }

    /// <inheritdoc cref="BQ"/>
    public required Tensor BV { get; init; }

    /// <summary>Output projection [n_heads·d_head, d_model]; head h owns rows [h·d_head, (h+1)·d_head).</summary>
    public required Tensor WO { get; init; }

    /// <summary>Output bias [d_model] (added once, not per head).</summary>
    public required Tensor BO { get; init; }

    /// <summary>ln2 scale and shift [d_model].</summary>
    public Tensor? Ln2W { get; init; }

    /// <inheritdoc cref="Ln2W"/>
    public Tensor? Ln2B { get; init; }

    /// <summary>MLP input projection [d_model, d_mlp] and bias [d_mlp].</summary>
    public Tensor? WIn { get; init; }

    /// <inheritdoc cref="WIn"/>
    public Tensor? BIn { get; init; }

    /// <summary>MLP output projection [d_mlp, d_model] and bias [d_model].</summary>
    public Tensor? WOut { get; init; }

    /// <inheritdoc cref="WOut"/>
    public Tensor? BOut { get; init; }

    /// <summary>The block's parameters with TransformerLens names relative to <c>blocks.{l}.</c>.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> Named()
    {
        (string, Tensor?)[] all =
        [
            ("ln1.w", Ln1W), ("ln1.b", Ln1B),
            ("attn.W_Q", WQ), ("attn.b_Q", BQ), ("attn.W_K", WK), ("attn.b_K", BK),
            ("attn.W_V", WV), ("attn.b_V", BV), ("attn.W_O", WO), ("attn.b_O", BO),
            ("ln2.w", Ln2W), ("ln2.b", Ln2B),
            ("mlp.W_in", WIn), ("mlp.b_in", BIn), ("mlp.W_out", WOut), ("mlp.b_out", BOut),
        ];
        foreach (var (name, tensor) in all)
            if (tensor is not null) yield return (name, tensor);
    }
}
