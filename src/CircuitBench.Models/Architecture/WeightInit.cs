using System.Security.Cryptography;
using System.Text;
using CircuitBench.Tensors;

namespace CircuitBench.Models.Architecture;

/// <summary>
/// Seeded GPT-2 initialisation: weights N(0, 0.02²), residual output projections (W_O, W_out)
/// N(0, (0.02/√(2·n_layers))²), biases 0, LayerNorm scales 1. Each parameter draws from its own
/// stream, derived from the seed and the parameter's name, so adding a parameter changes no other.
/// </summary>
public static class WeightInit
{
    private const float Std = 0.02f;

    /// <summary>Fresh weights of the given architecture.</summary>
    public static TransformerWeights Random(ModelConfig config, ulong seed)
    {
        config.Validate();
        var (d, hd) = (config.DModel, config.NHeads * config.DHead);
        var residualStd = Std / MathF.Sqrt(2f * config.NLayers);
        Tensor Normal(string name, float std, params int[] shape) => Tensor.Randn(StreamSeed(seed, name), shape, std);
        var blocks = Enumerable.Range(0, config.NLayers).Select(l =>
        {
            string P(string n) => $"blocks.{l}.{n}";
            var mlp = !config.AttnOnly;
            var ln = config.BlockLayerNorms;
            return new BlockWeights
            {
                Ln1W = ln ? Tensor.Ones(d) : null, Ln1B = ln ? Tensor.Zeros(d) : null,
                WQ = Normal(P("attn.W_Q"), Std, d, hd), WK = Normal(P("attn.W_K"), Std, d, hd), WV = Normal(P("attn.W_V"), Std, d, hd),
                BQ = Tensor.Zeros(hd), BK = Tensor.Zeros(hd), BV = Tensor.Zeros(hd),
                WO = Normal(P("attn.W_O"), residualStd, hd, d), BO = Tensor.Zeros(d),
                Ln2W = ln && mlp ? Tensor.Ones(d) : null, Ln2B = ln && mlp ? Tensor.Zeros(d) : null,
                WIn = mlp ? Normal(P("mlp.W_in"), Std, d, config.DMlp) : null, BIn = mlp ? Tensor.Zeros(config.DMlp) : null,
                WOut = mlp ? Normal(P("mlp.W_out"), residualStd, config.DMlp, d) : null, BOut = mlp ? Tensor.Zeros(d) : null,
            };
        }).ToArray();
        return new TransformerWeights
        {
            WE = Normal("embed.W_E", Std, config.DVocab, d),
            WPos = Normal("pos_embed.W_pos", 0.01f, config.NCtx, d),
            Blocks = blocks,
            LnFinalW = config.FinalLayerNorm ? Tensor.Ones(d) : null,
            LnFinalB = config.FinalLayerNorm ? Tensor.Zeros(d) : null,
            WU = config.TiedEmbeddings ? null : Normal("unembed.W_U", Std, d, config.DVocab),
        };
    }

    /// <summary>The random stream of one parameter: the first 8 bytes of SHA-256(seed ‖ name).</summary>
    private static ulong StreamSeed(ulong seed, string name)
    {
        var bytes = Encoding.UTF8.GetBytes($"{seed}:{name}");
        return BitConverter.ToUInt64(SHA256.HashData(bytes), 0);
    }
}
