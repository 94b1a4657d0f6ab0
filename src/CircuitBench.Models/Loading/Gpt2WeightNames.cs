using System.Text.RegularExpressions;

namespace CircuitBench.Models.Loading;

/// <summary>
/// GPT-2 checkpoint tensor names. HF's <c>GPT2LMHeadModel</c> saves <c>transformer.h.0.attn.c_attn.weight</c>,
/// <c>GPT2Model</c> saves <c>h.0.attn.c_attn.weight</c>; <see cref="Normalize"/> maps both to the latter
/// (<c>lm_head.weight</c> stays as is). Pass it to <see cref="ModelWeights.Open"/>.
/// </summary>
public static partial class Gpt2WeightNames
{
    /// <summary>The prefix <c>GPT2LMHeadModel</c> puts before the body's tensor names.</summary>
    public const string TransformerPrefix = "transformer.";

    /// <summary>The name without the <c>transformer.</c> prefix.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith(TransformerPrefix, StringComparison.Ordinal) ? name[TransformerPrefix.Length..] : name;
    }

    /// <summary>
    /// True for the causal-mask buffers older checkpoints store (<c>h.{l}.attn.bias</c>, <c>h.{l}.attn.masked_bias</c>,
    /// normalised names): constants, not parameters, which a loader may skip.
    /// </summary>
    public static bool IsAttentionMaskBuffer(string normalizedName) => MaskBufferPattern().IsMatch(normalizedName);

    [GeneratedRegex(@"^h\.[0-9]+\.attn\.(masked_)?bias$")]
    private static partial Regex MaskBufferPattern();
}
