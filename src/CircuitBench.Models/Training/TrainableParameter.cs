using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;

namespace CircuitBench.Models.Training;

/// <summary>A parameter the optimizer updates, with its TransformerLens name and whether weight decay applies to it.</summary>
/// <param name="Name">TransformerLens name, e.g. <c>blocks.0.attn.W_Q</c>.</param>
/// <param name="Tensor">The parameter (its <see cref="Tensor.Grad"/> holds the gradient after backward).</param>
/// <param name="Decay">True when AdamW's decoupled weight decay shrinks it.</param>
public sealed record TrainableParameter(string Name, Tensor Tensor, bool Decay)
{
    private static readonly string[] MatrixSuffixes = [".W_Q", ".W_K", ".W_V", ".W_O", ".W_in", ".W_out", "unembed.W_U"];

    /// <summary>
    /// Every parameter of <paramref name="weights"/> in <see cref="TransformerWeights.Named"/> order. Weight decay
    /// applies to the projection matrices (W_Q, W_K, W_V, W_O, W_in, W_out, W_U), to the embeddings (W_E, W_pos) only
    /// when <paramref name="decayEmbeddings"/>, and never to biases or LayerNorm parameters (nanoGPT's grouping).
    /// </summary>
    public static IReadOnlyList<TrainableParameter> Of(TransformerWeights weights, bool decayEmbeddings) =>
        weights.Named().Select(p => new TrainableParameter(p.Name, p.Tensor, IsDecayed(p.Name, decayEmbeddings))).ToArray();

    private static bool IsDecayed(string name, bool decayEmbeddings) =>
        name is "embed.W_E" or "pos_embed.W_pos"
            ? decayEmbeddings
            : MatrixSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal));
}
