using System.Globalization;
using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// Automatic Circuit DisCovery (<c>acdc</c>, Conmy et al. 2023). Starting from the full graph, walk the
/// receivers (destination inputs) in reverse topological order from the logits; for each incoming edge of the
/// current receiver, ablate it (with the context's ablation), recompute the batch-mean metric and take
/// <c>delta = d(new) − d(old)</c>, where d is the metric oriented as a distance from the clean behaviour
/// (d = m for metrics where lower is closer to clean, such as ACDC's default KL(clean ‖ patched); d = −m where
/// higher is closer, so that worsening is always a positive delta). If <c>delta &lt; τ</c> (or <c>|delta| &lt; τ</c>
/// with <c>absValueThreshold</c>, ACDC's <c>abs_value_threshold</c>) the edge is removed for good and old = new;
/// otherwise it is restored. Consequence: at τ = 0 with KL no edge is ever removed, because the full graph gives
/// exactly the clean logits, KL's minimum, so no single removal can lower it.
/// <para>
/// Order (deterministic, ACDC's own): receivers are the logits, then per layer from the last: its MLP input,
/// then the q inputs of its heads from the last head to the first, then the k inputs, then the v inputs; the
/// edges into a receiver are tried from the latest source to the earliest (MLP of a layer before its heads,
/// heads from the last, the input last). The walk skips (and removes the incoming edges of) a receiver whose
/// node has no outgoing edge left in the circuit, as ACDC does: that node's output is read by no one, so its
/// inputs cannot change the logits (exactly in real arithmetic; in floats the skipped forwards would differ
/// by rounding only). ACDC's q/k/v-internal edges (its 32,923 vs EAP-IG's 32,491 on GPT-2 small) are not in
/// this graph.
/// </para>
/// <para>
/// On a slice (<see cref="GraphSlice"/>) the walk tries removing only the slice's edges: every edge outside it stays
/// in every circuit (never ablated, as in the full model) and scores 0; receivers with no incoming slice edge are
/// passed over, and <see cref="AcdcCircuit.EdgesTested"/> counts slice edges only.
/// </para>
/// <para>
/// Thresholds run in ascending order; a run replays the previous threshold's metric values as long as its
/// decisions agree with it (same state, same deterministic forward, so the same numbers) and only computes
/// forwards after the first different decision. Forwards counted: one clean forward plus one per computed trial.
/// </para>
/// </summary>
public static class Acdc
{
    /// <summary>ACDC's grid for docstring and induction, <c>10^linspace(−4, 0, 21)</c>.</summary>
    public static IReadOnlyList<double> DefaultThresholds { get; } = LogSpace(-4, 0, 21);

    /// <summary>
    /// Runs the walk once per threshold of <paramref name="thresholds"/> (default <see cref="DefaultThresholds"/>; each τ ≥ 0),
    /// telling <paramref name="progress"/> after each; on <paramref name="slice"/> (null: the whole graph) only its edges are tried.
    /// </summary>
    public static AcdcResult Run(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric,
        SourceActivations ablated, IReadOnlyList<double>? thresholds = null, bool absValueThreshold = false, IProgress<AttributionProgress>? progress = null,
        GraphSlice? slice = null)
    {
        var grid = (thresholds ?? DefaultThresholds).Distinct().Order().ToArray();
        if (grid.Length == 0) throw new ArgumentException("ACDC needs at least one threshold.");
        if (grid.Any(t => !double.IsFinite(t) || t < 0)) throw new ArgumentException($"ACDC thresholds must be finite and ≥ 0; got {string.Join(", ", grid)}.");
        using var _ = GradTape.NoGrad();
        var cost = new CostMeter();
        var cleanLogits = model.Forward(prompts.Clean);
        cost.Forwards++;
        slice?.RequireGraph(graph);
        var walk = new Walk(model, graph, prompts, metric, ablated, cleanLogits, absValueThreshold, cost, slice);
        var circuits = new List<AcdcCircuit>(grid.Length);
        IReadOnlyList<Trial> previous = [];
        foreach (var threshold in grid)
        {
            var (circuit, trials) = walk.Run(threshold, previous);
            circuits.Add(circuit);
            previous = trials;
            progress?.Report(new AttributionProgress(AttributionProgress.Threshold, circuits.Count, grid.Length));
        }
        var scores = new double[graph.Edges.Count];
        foreach (var step in circuits)
            foreach (var edge in step.Circuit.Edges.Where(e => slice is null || slice.Contains(e)))
                scores[edge.Index] = step.Threshold;                                        // ascending τ: the largest wins
        return new AcdcResult(circuits, new AttributionScores("acdc", graph, scores, cost.Finish()));
    }

    /// <summary><c>10^linspace(from, to, count)</c> (numpy's <c>logspace</c>).</summary>
    public static double[] LogSpace(double from, double to, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return Enumerable.Range(0, count).Select(i => Math.Pow(10, count == 1 ? from : from + (to - from) * i / (count - 1))).ToArray();
    }

    /// <summary>
    /// Parses a threshold list: numbers separated by commas (<c>0.001,0.01,0.1</c>) or <c>logspace(a,b,n)</c> for
    /// <c>10^linspace(a, b, n)</c>, the form ACDC's grids are written in.
    /// </summary>
    public static double[] ParseThresholds(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("logspace(", StringComparison.Ordinal) && trimmed.EndsWith(')'))
        {
            var args = trimmed["logspace(".Length..^1].Split(',');
            if (args.Length == 3 && TryNumber(args[0], out var a) && TryNumber(args[1], out var b)
                && int.TryParse(args[2].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0)
                return LogSpace(a, b, n);
            throw new ArgumentException($"Parameter 'thresholds': write logspace(from, to, count), e.g. logspace(-4,0,21); got '{text}'.");
        }
        return trimmed.Split(',').Select(part => TryNumber(part, out var v) ? v
            : throw new ArgumentException($"Parameter 'thresholds' must be numbers separated by commas or logspace(a,b,n); '{part.Trim()}' in '{text}' is not a number.")).ToArray();
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>One tried removal: the oriented metric d after ablating the edge, and whether the edge was removed.</summary>
    private sealed record Trial(double Distance, bool Removed);

    /// <summary>The walk over receivers for one threshold; graph orders are computed once for the sweep.</summary>
    private sealed class Walk
    {
        private readonly HookedTransformer _model;
        private readonly CircuitGraph _graph;
        private readonly PromptSet _prompts;
        private readonly Metric _metric;
        private readonly SourceActivations _ablated;
        private readonly Tensor _cleanLogits;
        private readonly bool _absolute;
        private readonly CostMeter _cost;
        private readonly double _sign;                         // +1 when lower is closer to clean, −1 otherwise
        private readonly int[] _receivers;                     // destination columns in ACDC's order
        private readonly Edge[][] _incoming;                   // per column: its (slice) edges from the latest source to the earliest
        private readonly Edge[][] _outgoing;                   // per source row: its edges

        public Walk(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations ablated,
            Tensor cleanLogits, bool absolute, CostMeter cost, GraphSlice? slice)
        {
            (_model, _graph, _prompts, _metric, _ablated, _cleanLogits, _absolute, _cost) = (model, graph, prompts, metric, ablated, cleanLogits, absolute, cost);
            _sign = metric.HigherIsCloserToClean ? -1.0 : 1.0;
            _receivers = ReceiverOrder(graph);
            _incoming = graph.Destinations.Select((_, d) => graph.Edges.Where(e => e.DestinationIndex == d && (slice is null || slice.Contains(e)))
                .OrderByDescending(e => e.SourceIndex).ToArray()).ToArray();
            _outgoing = graph.Sources.Select((_, s) => graph.Edges.Where(e => e.SourceIndex == s).ToArray()).ToArray();
        }

        /// <summary>The circuit at <paramref name="threshold"/> and its trials, reusing <paramref name="previous"/> while decisions agree.</summary>
        public (AcdcCircuit Circuit, IReadOnlyList<Trial> Trials) Run(double threshold, IReadOnlyList<Trial> previous)
        {
            var columns = _graph.Destinations.Count;
            var weights = Tensor.Ones(_graph.Sources.Count, columns);          // [n_src, n_dst]: 1 kept, 0 ablated
            var present = Enumerable.Repeat(true, _graph.Edges.Count).ToArray();
            var current = Distance(_cleanLogits);                             // the full graph gives the clean logits exactly
            var trials = new List<Trial>();
            var replaying = true;
            foreach (var column in _receivers)
            {
                var node = _graph.Destinations[column].Node;
                var feedsSomething = node.Kind == NodeKind.Logits || _outgoing[_graph.SourceIndex(node)].Any(e => present[e.Index]);
                foreach (var edge in _incoming[column])
                {
                    weights.Data[edge.SourceIndex * columns + column] = 0f;
                    if (!feedsSomething)
                    {
                        present[edge.Index] = false;
                        continue;
                    }
                    var k = trials.Count;
                    var next = replaying && k < previous.Count ? previous[k].Distance : Evaluate(weights);
                    var delta = next - current;
                    var removed = (_absolute ? Math.Abs(delta) : delta) < threshold;
                    replaying = replaying && k < previous.Count && previous[k].Removed == removed;
                    trials.Add(new Trial(next, removed));
                    if (removed)
                    {
                        present[edge.Index] = false;
                        current = next;
                    }
                    else weights.Data[edge.SourceIndex * columns + column] = 1f;
                }
            }
            return (new AcdcCircuit(threshold, new Circuit(_graph, present), _sign * current, trials.Count), trials);
        }

        private double Evaluate(Tensor weights)
        {
            _cost.Forwards++;
            using var scope = TensorScope.Begin();                                // the forward's tensors go back to the pool
            return Distance(EdgePatching.Forward(_model, _graph, _prompts.Clean, weights, _ablated));
        }

        private double Distance(Tensor logits) => _sign * _metric.Mean(logits, _prompts, _cleanLogits).Item();

        /// <summary>Logits; then per layer from the last: MLP, q inputs (last head first), k inputs, v inputs.</summary>
        private static int[] ReceiverOrder(CircuitGraph graph)
        {
            var order = new List<int> { graph.DestinationIndex("logits") };
            for (var l = graph.Layers - 1; l >= 0; l--)
            {
                if (graph.HasMlp) order.Add(graph.DestinationIndex($"m{l}"));
                foreach (var slot in new[] { InputSlot.Query, InputSlot.Key, InputSlot.Value })
                    for (var h = graph.Heads - 1; h >= 0; h--)
                        order.Add(graph.DestinationIndex(new Destination(graph.Node($"a{l}.h{h}"), slot).Name));
            }
            return [.. order];
        }
    }
}

/// <summary><c>acdc</c> in the registry (see <see cref="Acdc"/>); its scores are the largest τ keeping each edge.</summary>
internal sealed class AcdcAlgorithm : IAttributionAlgorithm
{
    public string Name => "acdc";

    public string Description => "ACDC: greedy removal of edges whose ablation worsens the metric (KL by default) by less than τ, over a τ sweep; score = largest τ keeping the edge";

    public IReadOnlyList<AlgorithmParameter> Parameters =>
    [
        new("thresholds", "logspace(-4,0,21)", "τ values: numbers separated by commas, or logspace(a,b,n) for 10^linspace(a,b,n)"),
        new("abs-value-threshold", "false", "compare |delta| instead of delta with τ (ACDC's abs_value_threshold)"),
    ];

    public string? DefaultMetric => "kl";

    public bool AveragesOverBatches => false;

    public AttributionScores Run(AttributionContext c)
    {
        var thresholds = c.Parameters.TryGetValue("thresholds", out var text) ? Acdc.ParseThresholds(text) : null;
        var absolute = c.Parameters.TryGetValue("abs-value-threshold", out var flag)
            ? bool.TryParse(flag, out var value) ? value : throw new ArgumentException($"Parameter 'abs-value-threshold' must be true or false; got '{flag}'.")
            : false;
        return Acdc.Run(c.Model, c.Graph, c.Prompts, c.Metric, c.Ablated, thresholds, absolute, c.Progress, c.Slice).Scores;
    }
}
