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
        model.RunWithHooksUntil(batch, model.Config.NLayers, [.. recorder.Hooks]);   // every source is in the blocks: no unembedding
        var result = recorder.Result();
        foreach (var chunk in result.Chunks()) scope.Keep(chunk);
        return result;
    }

    /// <summary>All-zero outputs (zero ablation), shaped [1, 1, k, d] to broadcast.</summary>
    public static SourceActivations Zeros(ModelConfig config) => new(
        Tensor.Zeros(1, 1, 1, config.DModel),
        Enumerable.Range(0, config.NLayers).Select(_ => Tensor.Zeros(1, 1, config.NHeads, config.DModel)).ToArray(),
        Enumerable.Range(0, config.NLayers).Select(_ => config.AttnOnly ? null : Tensor.Zeros(1, 1, 1, config.DModel)).ToArray());

    /// <summary>
    /// this − <paramref name="other"/> per source, as one matrix [n_src, b·p·d] (row s: source s's difference over
    /// batch and positions). <paramref name="other"/> has the full [b, p, k, d] chunks; this one's may broadcast.
    /// </summary>
    public Tensor Minus(SourceActivations other)
    {
        var sources = other.Chunks().Sum(c => c.Dim(2));
        var first = other.Input;
        var (n, d) = (first.Dim(0) * first.Dim(1), first.Dim(3));
        var result = Tensor.Empty(sources, n * d);                                                // [n_src, b·p·d]; every row written below
        var row = 0;
        foreach (var (a, c) in Chunks().Zip(other.Chunks()))
        {
            WriteDifference(a, c, result, row);
            row += c.Dim(2);
        }
        return result;
    }

    /// <summary>
    /// Writes <paramref name="a"/> − <paramref name="c"/> source by source: c [b, p, k, d], a [1|b, 1|p, k, d]
    /// (broadcast over batch and positions) → rows <paramref name="firstRow"/> … firstRow + k − 1 of
    /// <paramref name="destination"/> [n_src, b·p·d]. Parallel over positions; every element is one subtraction.
    /// </summary>
    internal static void WriteDifference(Tensor a, Tensor c, Tensor destination, int firstRow)
    {
        var (p, k, d) = (c.Dim(1), c.Dim(2), c.Dim(3));
        var n = c.Dim(0) * p;
        var (aRows, aPositions) = (a.Dim(0), a.Dim(1));
        ParallelChunks.For(n, 1, k * d, (start, count) =>
        {
            var target = destination.Data[(firstRow * n * d)..];
            for (var i = start; i < start + count; i++)
            {
                var from = ((aRows == 1 ? 0 : i / p) * aPositions + (aPositions == 1 ? 0 : i % p)) * k * d;
                for (var s = 0; s < k; s++)
                    System.Numerics.Tensors.TensorPrimitives.Subtract(a.Data.Slice(from + s * d, d), c.Data.Slice((i * k + s) * d, d),
                        target.Slice(s * n * d + i * d, d));
            }
        });
    }

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
