using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;
using CircuitBench.Tensors.Hooks;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// Edge attribution patching (<c>eap</c>, Syed et al.; EAP-IG's method "EAP"):
/// <c>score(s->d) = Σ_{batch, positions} (a_s(ablated) − a_s(clean)) · ∂m/∂x_d</c>, the gradient taken at the
/// clean input, m the batch-mean metric: the first-order estimate of <c>m(s->d ablated) − m(clean)</c>.
/// One forward for the ablated activations (resample), one clean forward and one backward. Destination
/// gradients are consumed by gradient hooks as soon as they are known and never kept.
/// Note: with a KL metric the gradient at the clean input is zero (KL is minimal there), so EAP needs
/// a metric such as logit-diff.
/// </summary>
public static class Eap
{
    /// <summary>Scores every edge of <paramref name="graph"/> on <paramref name="prompts"/> (ablated outputs: resample from the corrupted prompts unless <paramref name="ablated"/> is given).</summary>
    public static AttributionScores Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations? ablated = null)
    {
        var cost = new CostMeter();
        if (ablated is null)
        {
            ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted ?? throw new ArgumentException("EAP with resample ablation needs corrupted prompts."));
            cost.Forwards++;
        }
        Tensor? cleanLogits = null;
        if (metric.NeedsCleanLogits)
        {
            using var _ = GradTape.NoGrad();
            cleanLogits = model.Forward(prompts.Clean);
            cost.Forwards++;
        }
        var dense = new double[graph.Sources.Count * graph.Destinations.Count];
        var run = new GradientRun(model.Config, graph, prompts.Clean, dense);
        using (var tape = GradTape.Begin())
        {
            var logits = model.RunWithHooks(prompts.Clean, [.. run.Hooks]);
            cost.Forwards++;
            run.SetDifferences(ablated);
            tape.Backward(metric.Mean(logits, prompts, cleanLogits));
            cost.Backwards++;
        }
        return new AttributionScores("eap", graph, AttributionScores.FromDense(graph, dense), cost.Finish());
    }

    /// <summary>A clean forward whose destination-input gradients are turned into scores as they arrive.</summary>
    private sealed class GradientRun
    {
        private readonly CircuitGraph _graph;
        private readonly double[] _dense;
        private readonly SourceActivations.Recorder _clean;
        private readonly int _n;   // b·p
        private readonly int _d;
        private List<(int Row, Tensor Delta)> _deltas = [];   // Delta [k, b·p·d]: a(ablated) − a(clean) of k sources from row Row

        public GradientRun(ModelConfig config, CircuitGraph graph, TokenBatch batch, double[] dense)
        {
            (_graph, _dense, _n, _d) = (graph, dense, batch.Batch * batch.Seq, config.DModel);
            _clean = new SourceActivations.Recorder(config, batch);
            var hooks = new List<(string, ForwardHook)> { ("blocks.0.hook_resid_pre", (a, _) => { a.RequiresGrad = true; return null; }) };
            hooks.AddRange(_clean.Hooks);
            for (var l = 0; l < config.NLayers; l++)
            {
                var headRow = graph.SourceIndex(graph.Node($"a{l}.h0"));
                foreach (var (letter, slot) in new[] { ("q", InputSlot.Query), ("k", InputSlot.Key), ("v", InputSlot.Value) })
                {
                    var column = graph.DestinationIndex(new Destination(graph.Node($"a{l}.h0"), slot).Name);
                    hooks.Add(($"blocks.{l}.hook_{letter}_input", Collect(column, config.NHeads, headRow)));
                }
                if (!config.AttnOnly)
                    hooks.Add(($"blocks.{l}.hook_mlp_in", Collect(graph.DestinationIndex($"m{l}"), 1, graph.SourceIndex(graph.Node($"m{l}")))));
            }
            hooks.Add(($"blocks.{config.NLayers - 1}.hook_resid_post", Collect(graph.DestinationIndex("logits"), 1, graph.Sources.Count)));
            Hooks = hooks;
        }

        public IReadOnlyList<(string Name, ForwardHook Hook)> Hooks { get; }

        /// <summary>After the forward: a(ablated) − a(clean) per source chunk, laid out [k, b·p·d].</summary>
        public void SetDifferences(SourceActivations ablated)
        {
            using var _ = GradTape.NoGrad();
            var clean = _clean.Result().Chunks().ToArray();
            var row = 0;
            _deltas = ablated.Chunks().Zip(clean, (a, c) =>
            {
                var k = c.Dim(2);
                var delta = Ops.Sub(Ops.Expand(a, [.. c.Shape]), c);                                  // [b, p, k, d]
                var laidOut = Ops.Reshape(Ops.Permute(delta, 2, 0, 1, 3), k, _n * _d);                 // [k, b·p·d]
                var entry = (row, laidOut);
                row += k;
                return entry;
            }).ToList();
        }

        /// <summary>Registers a gradient hook on the destination input(s) that adds Δ · g to the scores of upstream rows.</summary>
        private ForwardHook Collect(int column, int count, int rowLimit) => (activation, _) =>
        {
            activation.RegisterGradHook(grad =>
            {
                var g = count == 1
                    ? Ops.Reshape(grad, 1, _n * _d)                                                   // [1, b·p·d]
                    : Ops.Reshape(Ops.Permute(grad, 2, 0, 1, 3), count, _n * _d);                     // [h, b·p·d]
                foreach (var (row, delta) in _deltas)
                {
                    if (row >= rowLimit) break;
                    var k = delta.Dim(0);
                    var block = Ops.MatMul(delta, g, transposeB: true);                               // [k, count]
                    for (var s = 0; s < k; s++)
                    for (var c = 0; c < count; c++)
                        _dense[(row + s) * _graph.Destinations.Count + column + c] += block.Data[s * count + c];
                }
            });
            return null;
        };
    }
}
