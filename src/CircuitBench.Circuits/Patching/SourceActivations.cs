using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Patching;

/// <summary>
/// The outputs of a graph's source nodes, in the chunks the forward pass produces them:
/// <see cref="Input"/> [b, p, 1, d] (embed + pos_embed = <c>blocks.0.hook_resid_pre</c>), per layer
/// <see cref="Heads"/> [b, p, h, d] (<c>attn.hook_result</c>, each head's output without b_O) and
/// <see cref="Mlps"/> [b, p, 1, d] (<c>hook_mlp_out</c>; null for attention-only models).
/// The leading dimensions may be 1 (means broadcast over the batch and, for <c>mean</c>, over positions).
/// </summary>
public sealed record SourceActivations(Tensor Input, IReadOnlyList<Tensor> Heads, IReadOnlyList<Tensor?> Mlps)
{
    /// <summary>Runs <paramref name="model"/> on <paramref name="batch"/> (no gradients) and keeps every source's output.</summary>
    public static SourceActivations Capture(HookedTransformer model, TokenBatch batch)
    {
        using var _ = GradTape.NoGrad();
        var config = model.Config;
        Tensor? input = null;
        var heads = new Tensor[config.NLayers];
        var mlps = new Tensor?[config.NLayers];
        var hooks = new List<(string, ForwardHook)>
        {
            ("blocks.0.hook_resid_pre", (a, _) => { input = Ops.Reshape(a, batch.Batch, batch.Seq, 1, config.DModel); return null; }),
        };
        for (var l = 0; l < config.NLayers; l++)
        {
            var layer = l;
            hooks.Add(($"blocks.{l}.attn.hook_result", (a, _) => { heads[layer] = a; return null; }));
            if (!config.AttnOnly)
                hooks.Add(($"blocks.{l}.hook_mlp_out", (a, _) => { mlps[layer] = Ops.Reshape(a, batch.Batch, batch.Seq, 1, config.DModel); return null; }));
        }
        model.RunWithHooks(batch, [.. hooks]);
        return new SourceActivations(input!, heads, mlps);
    }

    /// <summary>All-zero outputs (zero ablation), shaped [1, 1, k, d] to broadcast.</summary>
    public static SourceActivations Zeros(ModelConfig config) => new(
        Tensor.Zeros(1, 1, 1, config.DModel),
        Enumerable.Range(0, config.NLayers).Select(_ => Tensor.Zeros(1, 1, config.NHeads, config.DModel)).ToArray(),
        Enumerable.Range(0, config.NLayers).Select(_ => config.AttnOnly ? null : Tensor.Zeros(1, 1, 1, config.DModel)).ToArray());

    /// <summary>Every chunk, in forward order (input, then per layer heads and MLP).</summary>
    internal IEnumerable<Tensor> Chunks()
    {
        yield return Input;
        for (var l = 0; l < Heads.Count; l++)
        {
            yield return Heads[l];
            if (Mlps[l] is { } mlp) yield return mlp;
        }
    }

    /// <summary>Applies <paramref name="map"/> to every chunk.</summary>
    internal SourceActivations Map(Func<Tensor, Tensor> map) =>
        new(map(Input), Heads.Select(map).ToArray(), Mlps.Select(m => m is null ? null : map(m)).ToArray());
}
