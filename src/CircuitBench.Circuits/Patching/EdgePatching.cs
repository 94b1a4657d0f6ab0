using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Patching;

/// <summary>
/// One forward pass with an edge mask. Every destination input d reads
/// <c>Σ_s w[s,d]·a_s(this run) + (1 − w[s,d])·a_s(ablated)</c> plus the constant biases, computed as
/// <c>resid_d − Σ_s (1 − w[s,d])·(a_s(this run) − a_s(ablated))</c>: the residual the model already has,
/// minus the part of each ablated edge. Patching <c>s->d</c> changes s's contribution to d's input only.
/// Weights may be booleans (0/1) or real values in [0, 1]; a weight tensor that requires a gradient
/// gets one (for mask-learning algorithms). Destination groups whose weights are all 1 are not touched,
/// so a mask of ones reproduces the plain forward exactly.
/// </summary>
public static class EdgePatching
{
    /// <summary>Logits [b, p, vocab] of <paramref name="batch"/> with <paramref name="weights"/> [n_src, n_dst] applied.</summary>
    public static Tensor Forward(HookedTransformer model, CircuitGraph graph, TokenBatch batch, Tensor weights, SourceActivations ablated)
    {
        if (!weights.Shape.SequenceEqual([graph.Sources.Count, graph.Destinations.Count]))
            throw new ArgumentException($"Edge weights must be [n_src, n_dst] = [{graph.Sources.Count}, {graph.Destinations.Count}]; got {weights}.");
        var ablate = Ops.AddScalar(Ops.Scale(weights, -1f), 1f);                     // [n_src, n_dst]: 1 − w
        var run = new PatchRun(model.Config, graph, batch, ablate, weights.RequiresGrad);
        return model.RunWithHooks(batch, [.. run.Hooks(ablated)]);
    }

    /// <summary>The state of one patched forward: the source-output differences recorded so far.</summary>
    private sealed class PatchRun(ModelConfig config, CircuitGraph graph, TokenBatch batch, Tensor ablate, bool learning)
    {
        private readonly List<(int Row, Tensor Delta)> _deltas = [];   // Delta [b·p, k, d]: a(this run) − a(ablated) of k sources from row Row
        private readonly int _d = config.DModel;

        public IEnumerable<(string, ForwardHook)> Hooks(SourceActivations ablated)
        {
            var heads = config.NHeads;
            yield return ("blocks.0.hook_resid_pre", Record(0, ablated.Input, a => Ops.Reshape(a, batch.Batch, batch.Seq, 1, _d)));
            for (var l = 0; l < config.NLayers; l++)
            {
                var slots = new[] { ("q", InputSlot.Query), ("k", InputSlot.Key), ("v", InputSlot.Value) };
                foreach (var (letter, slot) in slots)
                {
                    var first = graph.DestinationIndex(new Destination(graph.Node($"a{l}.h0"), slot).Name);
                    if (Active(first, heads)) yield return ($"blocks.{l}.hook_{letter}_input", Subtract(first, heads));
                }
                var headRow = graph.SourceIndex(graph.Node($"a{l}.h0"));
                if (UsedDownstream(headRow, heads)) yield return ($"blocks.{l}.attn.hook_result", Record(headRow, ablated.Heads[l], a => a));
                if (config.AttnOnly) continue;
                var mlp = graph.DestinationIndex($"m{l}");
                if (Active(mlp, 1)) yield return ($"blocks.{l}.hook_mlp_in", Subtract(mlp, 1));
                var mlpRow = graph.SourceIndex(graph.Node($"m{l}"));
                if (UsedDownstream(mlpRow, 1)) yield return ($"blocks.{l}.hook_mlp_out", Record(mlpRow, ablated.Mlps[l]!, a => Ops.Reshape(a, batch.Batch, batch.Seq, 1, _d)));
            }
            var logits = graph.DestinationIndex("logits");
            if (Active(logits, 1)) yield return ($"blocks.{config.NLayers - 1}.hook_resid_post", Subtract(logits, 1));
        }

        /// <summary>Records a(this run) − a(ablated) for the k sources from <paramref name="row"/>; the activation passes unchanged.</summary>
        private ForwardHook Record(int row, Tensor ablatedChunk, Func<Tensor, Tensor> asChunk) => (activation, _) =>
        {
            var delta = Ops.Sub(asChunk(activation), ablatedChunk);                              // [b, p, k, d]
            _deltas.Add((row, Ops.Reshape(delta, batch.Batch * batch.Seq, delta.Dim(2), _d)));   // [b·p, k, d]
            return null;
        };

        /// <summary>
        /// Replaces the input of <paramref name="count"/> destinations from column <paramref name="column"/>:
        /// per-head inputs [b, p, h, d] (count = h) or a single input [b, p, d] (count = 1).
        /// </summary>
        private ForwardHook Subtract(int column, int count) => (activation, _) =>
        {
            Tensor? total = null;                                                                 // [b·p, d, count]
            // Without a tape the sum is accumulated in place and each part freed at once (the same additions in the
            // same order, so the same bits): memory stays one [b·p, d, count] buffer instead of one per upstream chunk.
            var inPlace = !learning && !GradTape.IsRecording;
            foreach (var (row, delta) in _deltas)
            {
                var k = delta.Dim(1);
                if (!learning && IsZero(row, k, column, count)) continue;
                var block = Ops.Narrow(Ops.Narrow(ablate, 0, row, k), 1, column, count);         // [k, count]
                var part = Ops.MatMul(delta, block, transposeA: true);                            // [b·p, d, count]
                if (total is null) total = part;
                else if (inPlace)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(total.Data, part.Data, total.Data);
                    part.Dispose();
                }
                else total = Ops.Add(total, part);
            }
            if (total is null) return null;
            var removed = count == 1
                ? Ops.Reshape(total, batch.Batch, batch.Seq, _d)
                : Ops.Reshape(Ops.Permute(total, 0, 2, 1), batch.Batch, batch.Seq, count, _d);
            return Ops.Sub(activation, removed);
        };

        /// <summary>True when some upstream edge into these destinations is (partly) ablated, or weights are being learned.</summary>
        private bool Active(int column, int count)
        {
            if (learning) return true;
            for (var s = 0; s < graph.Sources.Count; s++)
            for (var c = column; c < column + count; c++)
                if (graph.EdgeAt(s, c) is not null && ablate.Data[s * graph.Destinations.Count + c] != 0f) return true;
            return false;
        }

        /// <summary>True when some edge out of these k sources is (partly) ablated, or weights are being learned.</summary>
        private bool UsedDownstream(int row, int k)
        {
            if (learning) return true;
            for (var s = row; s < row + k; s++)
            for (var c = 0; c < graph.Destinations.Count; c++)
                if (graph.EdgeAt(s, c) is not null && ablate.Data[s * graph.Destinations.Count + c] != 0f) return true;
            return false;
        }

        private bool IsZero(int row, int k, int column, int count)
        {
            for (var s = row; s < row + k; s++)
            for (var c = column; c < column + count; c++)
                if (ablate.Data[s * graph.Destinations.Count + c] != 0f) return false;
            return true;
        }
    }
}
