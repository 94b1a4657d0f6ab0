using CircuitBench.Tensors;

namespace CircuitBench.Models.Architecture;

/// <summary>Checks that weights match a config, naming the first parameter that does not.</summary>
internal static class WeightShapes
{
    public static void Check(ModelConfig c, TransformerWeights w)
    {
        var (d, hd) = (c.DModel, c.NHeads * c.DHead);
        Expect("embed.W_E", w.WE, c.DVocab, d);
        Expect("pos_embed.W_pos", w.WPos, c.NCtx, d);
        if (w.Blocks.Count != c.NLayers) throw new ArgumentException($"The weights have {w.Blocks.Count} blocks; the config says n_layers = {c.NLayers}.");
        for (var l = 0; l < c.NLayers; l++)
        {
            var b = w.Blocks[l];
            string P(string n) => $"blocks.{l}.{n}";
            ExpectOptional(P("ln1.w"), b.Ln1W, c.BlockLayerNorms, d);
            ExpectOptional(P("ln1.b"), b.Ln1B, c.BlockLayerNorms, d);
            foreach (var (name, t) in new[] { ("attn.W_Q", b.WQ), ("attn.W_K", b.WK), ("attn.W_V", b.WV) }) Expect(P(name), t, d, hd);
            foreach (var (name, t) in new[] { ("attn.b_Q", b.BQ), ("attn.b_K", b.BK), ("attn.b_V", b.BV) }) Expect(P(name), t, hd);
            Expect(P("attn.W_O"), b.WO, hd, d);
            Expect(P("attn.b_O"), b.BO, d);
            var mlp = !c.AttnOnly;
            ExpectOptional(P("ln2.w"), b.Ln2W, mlp && c.BlockLayerNorms, d);
            ExpectOptional(P("ln2.b"), b.Ln2B, mlp && c.BlockLayerNorms, d);
            ExpectOptional(P("mlp.W_in"), b.WIn, mlp, d, c.DMlp);
            ExpectOptional(P("mlp.b_in"), b.BIn, mlp, c.DMlp);
            ExpectOptional(P("mlp.W_out"), b.WOut, mlp, c.DMlp, d);
            ExpectOptional(P("mlp.b_out"), b.BOut, mlp, d);
        }
        ExpectOptional("ln_final.w", w.LnFinalW, c.FinalLayerNorm, d);
        ExpectOptional("ln_final.b", w.LnFinalB, c.FinalLayerNorm, d);
        ExpectOptional("unembed.W_U", w.WU, !c.TiedEmbeddings, d, c.DVocab);
        if (w.BU is not null) Expect("unembed.b_U", w.BU, c.DVocab);
    }

    private static void Expect(string name, Tensor t, params int[] shape)
    {
        if (!t.Shape.SequenceEqual(shape))
            throw new ArgumentException($"Parameter {name} has shape {t}; the config needs [{string.Join(", ", shape)}].");
    }

    private static void ExpectOptional(string name, Tensor? t, bool required, params int[] shape)
    {
        if (required && t is null) throw new ArgumentException($"Parameter {name} is missing; the config needs it.");
        if (!required && t is not null) throw new ArgumentException($"Parameter {name} is present but the config has no place for it.");
        if (t is not null) Expect(name, t, shape);
    }
}
