using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;

namespace CircuitBench.Models.Checkpoints;

/// <summary>Reads one checkpoint tensor by its Hugging Face name, checking it has <c>shape</c>.</summary>
/// <returns>The tensor, or null when the checkpoint does not hold that name.</returns>
public delegate Tensor? CheckpointReader(string name, int[] shape);

/// <summary>
/// Maps between Hugging Face GPT-2 checkpoint names (<c>wte.weight</c>, <c>h.{l}.attn.c_attn.weight</c>, …;
/// Conv1D weights stored <c>[in, out]</c>; q, k, v side by side in c_attn) and <see cref="TransformerWeights"/>.
/// Toy models use the same names and simply omit the tensors their config has no place for.
/// </summary>
public static class Gpt2Checkpoint
{
    /// <summary>Builds the weights of <paramref name="config"/> from a checkpoint; a missing required tensor is an error naming it.</summary>
    public static TransformerWeights Read(ModelConfig config, CheckpointReader reader)
    {
        var (d, hd, mlp) = (config.DModel, config.NHeads * config.DHead, config.DMlp);
        Tensor Required(string name, params int[] shape) => reader(name, shape)
            ?? throw new InvalidDataException($"The checkpoint has no tensor '{name}' (expected shape [{string.Join(", ", shape)}]).");
        Tensor? When(bool wanted, string name, params int[] shape) => wanted ? Required(name, shape) : null;

        var blocks = new BlockWeights[config.NLayers];
        for (var l = 0; l < config.NLayers; l++)
        {
            string P(string n) => $"h.{l}.{n}";
            var (ln, hasMlp) = (config.BlockLayerNorms, !config.AttnOnly);
            var qkv = Required(P("attn.c_attn.weight"), d, 3 * hd);
            var qkvBias = Required(P("attn.c_attn.bias"), 3 * hd);
            blocks[l] = new BlockWeights
            {
                Ln1W = When(ln, P("ln_1.weight"), d), Ln1B = When(ln, P("ln_1.bias"), d),
                WQ = Columns(qkv, 0, hd), WK = Columns(qkv, hd, hd), WV = Columns(qkv, 2 * hd, hd),
                BQ = Columns(qkvBias, 0, hd), BK = Columns(qkvBias, hd, hd), BV = Columns(qkvBias, 2 * hd, hd),
                WO = Required(P("attn.c_proj.weight"), hd, d), BO = Required(P("attn.c_proj.bias"), d),
                Ln2W = When(ln && hasMlp, P("ln_2.weight"), d), Ln2B = When(ln && hasMlp, P("ln_2.bias"), d),
                WIn = When(hasMlp, P("mlp.c_fc.weight"), d, mlp), BIn = When(hasMlp, P("mlp.c_fc.bias"), mlp),
                WOut = When(hasMlp, P("mlp.c_proj.weight"), mlp, d), BOut = When(hasMlp, P("mlp.c_proj.bias"), d),
            };
        }
        var lmHead = config.TiedEmbeddings ? null : Required("lm_head.weight", config.DVocab, d);
        return new TransformerWeights
        {
            WE = Required("wte.weight", config.DVocab, d),
            WPos = Required("wpe.weight", config.NCtx, d),
            Blocks = blocks,
            LnFinalW = When(config.FinalLayerNorm, "ln_f.weight", d),
            LnFinalB = When(config.FinalLayerNorm, "ln_f.bias", d),
            WU = lmHead is null ? null : Ops.Transpose(lmHead, 0, 1),
        };
    }

    /// <summary>The checkpoint tensors of <paramref name="weights"/> under their Hugging Face names (inverse of <see cref="Read"/>).</summary>
    public static IReadOnlyList<(string Name, Tensor Tensor)> Write(TransformerWeights weights)
    {
        var result = new List<(string, Tensor)> { ("wte.weight", weights.WE), ("wpe.weight", weights.WPos) };
        for (var l = 0; l < weights.Blocks.Count; l++)
        {
            var b = weights.Blocks[l];
            string P(string n) => $"h.{l}.{n}";
            void Add(string name, Tensor? t)
            {
                if (t is not null) result.Add((P(name), t));
            }
            Add("ln_1.weight", b.Ln1W);
            Add("ln_1.bias", b.Ln1B);
            Add("attn.c_attn.weight", Ops.Concat([b.WQ, b.WK, b.WV], 1));
            Add("attn.c_attn.bias", Ops.Concat([b.BQ, b.BK, b.BV], 0));
            Add("attn.c_proj.weight", b.WO);
            Add("attn.c_proj.bias", b.BO);
            Add("ln_2.weight", b.Ln2W);
            Add("ln_2.bias", b.Ln2B);
            Add("mlp.c_fc.weight", b.WIn);
            Add("mlp.c_fc.bias", b.BIn);
            Add("mlp.c_proj.weight", b.WOut);
            Add("mlp.c_proj.bias", b.BOut);
        }
        if (weights.LnFinalW is not null) result.Add(("ln_f.weight", weights.LnFinalW));
        if (weights.LnFinalB is not null) result.Add(("ln_f.bias", weights.LnFinalB));
        if (weights.WU is not null) result.Add(("lm_head.weight", Ops.Transpose(weights.WU, 0, 1)));
        return result;
    }

    /// <summary>Columns [start, start + count) of the last axis (a copy, outside any tape).</summary>
    private static Tensor Columns(Tensor x, int start, int count)
    {
        using var _ = Tensors.Autograd.GradTape.NoGrad();
        return Ops.Narrow(x, -1, start, count);
    }
}
