using CircuitBench.Models.Architecture;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Models.Training;

/// <summary>TransformerLens-style attention diagnostics of one head.</summary>
/// <param name="Layer">Block index.</param>
/// <param name="Head">Head index within the block.</param>
/// <param name="PreviousToken">Mean attention from position i to i − 1 (over i ≥ 1 and the batch).</param>
/// <param name="Induction">
/// On sequences [BOS, x₁…x_L, x₁…x_L]: mean attention from each second-half position to the position right after the
/// earlier occurrence of its token (query q, key q − L + 1, for q in L + 1 … 2L). TransformerLens takes the same
/// diagonal (offset 1 − L) but also averages its two first-half entries.
/// </param>
public sealed record HeadScore(int Layer, int Head, double PreviousToken, double Induction)
{
    /// <summary>The scores of every head of <paramref name="model"/> on <paramref name="repeated"/>: rows [BOS, x₁…x_L, x₁…x_L] of one length 2L + 1.</summary>
    public static IReadOnlyList<HeadScore> Measure(HookedTransformer model, TokenBatch repeated)
    {
        if (repeated.HasPadding || repeated.Seq % 2 == 0)
            throw new ArgumentException($"Head scores need unpadded rows of odd length 2L + 1; got {repeated.Batch} rows of length {repeated.Seq}{(repeated.HasPadding ? " with padding" : "")}.");
        var half = repeated.Seq / 2;
        using var _ = GradTape.NoGrad();
        var (_, cache) = model.RunWithCache(repeated, name => name.EndsWith("attn.hook_pattern", StringComparison.Ordinal));
        var scores = new List<HeadScore>();
        for (var l = 0; l < model.Config.NLayers; l++)
        {
            var pattern = cache[$"blocks.{l}.attn.hook_pattern"].Data;                 // [b, h, p, p]
            var p = repeated.Seq;
            for (var h = 0; h < model.Config.NHeads; h++)
            {
                double previous = 0, induction = 0;
                for (var b = 0; b < repeated.Batch; b++)
                {
                    var offset = (b * model.Config.NHeads + h) * p * p;
                    for (var q = 1; q < p; q++) previous += pattern[offset + q * p + q - 1];
                    for (var q = half + 1; q < p; q++) induction += pattern[offset + q * p + q - half + 1];
                }
                scores.Add(new HeadScore(l, h, previous / (repeated.Batch * (p - 1)), induction / (repeated.Batch * half)));
            }
        }
        return scores;
    }
}
