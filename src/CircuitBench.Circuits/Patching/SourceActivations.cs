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
    /// <summary>Runs <paramref name="model"/> on <paramref name="batch"/> (no gradients) and keeps every source's output (nothing else of the forward).</summary>
    public static SourceActivations Capture(HookedTransformer model, TokenBatch batch)
    {
        using var _ = GradTape.NoGrad();
        using var scope = TensorScope.Begin();                                   // the forward's intermediates go back to the pool
        var recorder = new Recorder(model.Config, batch);
        model.RunWithHooks(batch, [.. recorder.Hooks]);
        var result = recorder.Result();
        foreach (var chunk in result.Chunks()) scope.Keep(chunk);
        return result;
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

    /// <summary>Applies <paramref name="map"/> to every chunk, in <see cref="Chunks"/> order.</summary>
    internal SourceActivations Map(Func<Tensor, Tensor> map)
    {
        var input = map(Input);
        var heads = new Tensor[Heads.Count];
        var mlps = new Tensor?[Mlps.Count];
        for (var l = 0; l < Heads.Count; l++)
        {
            heads[l] = map(Heads[l]);
            mlps[l] = Mlps[l] is { } mlp ? map(mlp) : null;
        }
        return new SourceActivations(input, heads, mlps);
    }

    /// <summary>Forward hooks that keep every source's output of one run (which may be recorded on a tape).</summary>
    internal sealed class Recorder
    {
        private readonly Tensor?[] _heads;
        private readonly Tensor?[] _mlps;
        private Tensor? _input;

        public Recorder(ModelConfig config, TokenBatch batch)
        {
            _heads = new Tensor?[config.NLayers];
            _mlps = new Tensor?[config.NLayers];
            var (b, p, d) = (batch.Batch, batch.Seq, config.DModel);
            var hooks = new List<(string, ForwardHook)> { ("blocks.0.hook_resid_pre", (a, _) => { _input = Ops.Reshape(a, b, p, 1, d); return null; }) };
            for (var l = 0; l < config.NLayers; l++)
            {
                var layer = l;
                hooks.Add(($"blocks.{l}.attn.hook_result", (a, _) => { _heads[layer] = a; return null; }));
                if (!config.AttnOnly)
                    hooks.Add(($"blocks.{l}.hook_mlp_out", (a, _) => { _mlps[layer] = Ops.Reshape(a, b, p, 1, d); return null; }));
            }
            Hooks = hooks;
        }

        /// <summary>The hooks to run the model with.</summary>
        public IReadOnlyList<(string Name, ForwardHook Hook)> Hooks { get; }

        /// <summary>The outputs recorded by the run.</summary>
        public SourceActivations Result() => new(_input!, _heads.Select(h => h!).ToArray(), _mlps);
    }
}
