using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Patching;

/// <summary>
/// The hooks of one patched forward (<see cref="EdgePatching"/>): at each source output, record how far it is from its
/// ablated value; at each destination input, add the recorded differences of its ablated edges. Subclasses decide how
/// the differences are stored and added (with or without the gradient tape).
/// </summary>
internal abstract class PatchRun(ModelConfig config, CircuitGraph graph, TokenBatch batch, Tensor ablate, bool learning)
{
    protected ModelConfig Config { get; } = config;
    protected CircuitGraph Graph { get; } = graph;
    protected TokenBatch Batch { get; } = batch;

    /// <summary>1 − w [n_src, n_dst].</summary>
    protected Tensor Ablate { get; } = ablate;

    /// <summary>True when the weights are being learned: every hook runs, whatever the weights' values.</summary>
    protected bool Learning { get; } = learning;

    /// <summary>The forward hooks, in forward order.</summary>
    public IEnumerable<(string, ForwardHook)> Hooks(SourceActivations ablated)
    {
        var heads = Config.NHeads;
        var d = Config.DModel;
        yield return ("blocks.0.hook_resid_pre", Record(0, ablated.Input, a => Ops.Reshape(a, Batch.Batch, Batch.Seq, 1, d)));
        for (var l = 0; l < Config.NLayers; l++)
        {
            foreach (var slot in new[] { InputSlot.Query, InputSlot.Key, InputSlot.Value })
            {
                var first = Graph.DestinationIndex(new Destination(Graph.Node($"a{l}.h0"), slot).Name);
                if (Active(first, heads)) yield return (Graph.InputHookOf(Graph.Destinations[first]), AddAblated(first, heads));
            }
            var headRow = Graph.SourceIndex(Graph.Node($"a{l}.h0"));
            if (UsedDownstream(headRow, heads)) yield return ($"blocks.{l}.attn.hook_result", Record(headRow, ablated.Heads[l], a => a));
            if (Config.AttnOnly) continue;
            var mlp = Graph.DestinationIndex($"m{l}");
            if (Active(mlp, 1)) yield return (Graph.InputHookOf(Graph.Destinations[mlp]), AddAblated(mlp, 1));
            var mlpRow = Graph.SourceIndex(Graph.Node($"m{l}"));
            if (UsedDownstream(mlpRow, 1)) yield return ($"blocks.{l}.hook_mlp_out", Record(mlpRow, ablated.Mlps[l]!, a => Ops.Reshape(a, Batch.Batch, Batch.Seq, 1, d)));
        }
        var logits = Graph.DestinationIndex("logits");
        if (Active(logits, 1)) yield return (Graph.InputHookOf(Graph.Destinations[logits]), AddAblated(logits, 1));
    }

    /// <summary>A hook recording a(ablated) − a(this run) for the k sources from <paramref name="row"/>; the activation passes unchanged.</summary>
    protected abstract ForwardHook Record(int row, Tensor ablatedChunk, Func<Tensor, Tensor> asChunk);

    /// <summary>
    /// A hook replacing the input of <paramref name="count"/> destinations from column <paramref name="column"/>
    /// (per-head inputs [b, p, h, d] when count = h, a single input [b, p, d] when count = 1) by itself plus
    /// Σ_s (1 − w[s, d])·(a_s(ablated) − a_s(this run)).
    /// </summary>
    protected abstract ForwardHook AddAblated(int column, int count);

    /// <summary>True when some upstream edge into these destinations is (partly) ablated, or weights are being learned.</summary>
    private bool Active(int column, int count)
    {
        if (Learning) return true;
        for (var s = 0; s < Graph.Sources.Count; s++)
        for (var c = column; c < column + count; c++)
            if (Graph.EdgeAt(s, c) is not null && Ablate.Data[s * Graph.Destinations.Count + c] != 0f) return true;
        return false;
    }

    /// <summary>True when some edge out of these k sources is (partly) ablated, or weights are being learned.</summary>
    private bool UsedDownstream(int row, int k)
    {
        if (Learning) return true;
        for (var s = row; s < row + k; s++)
        for (var c = 0; c < Graph.Destinations.Count; c++)
            if (Graph.EdgeAt(s, c) is not null && Ablate.Data[s * Graph.Destinations.Count + c] != 0f) return true;
        return false;
    }

    /// <summary>True when no edge from the k sources at <paramref name="row"/> into these destinations is ablated.</summary>
    protected bool IsZero(int row, int k, int column, int count)
    {
        for (var s = row; s < row + k; s++)
        for (var c = column; c < column + count; c++)
            if (Ablate.Data[s * Graph.Destinations.Count + c] != 0f) return false;
        return true;
    }
}
