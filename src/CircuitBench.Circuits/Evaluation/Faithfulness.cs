using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Circuits.Evaluation;

/// <summary>One point of a faithfulness curve.</summary>
/// <param name="Fraction">Requested fraction of the graph's edges (of the slice's edges on a slice) (x axis).</param>
/// <param name="Edges">Edges in the circuit actually evaluated (after pruning); on a slice, its slice edges only (the edges outside, always kept, are not counted).</param>
/// <param name="Metric">m(C), the batch-mean metric with every other edge (every other slice edge on a slice) ablated.</param>
/// <param name="Normalized">(m(C) − m(empty)) / (m(full) − m(empty)).</param>
/// <param name="PerPrompt">m(C) per prompt, for spread statistics.</param>
public sealed record FaithfulnessPoint(double Fraction, int Edges, double Metric, double Normalized, double[] PerPrompt);

/// <summary>A faithfulness curve and its areas (MIB's definitions, trapezoids on a linear x axis over the fractions given).</summary>
/// <param name="Points">One point per fraction, in increasing order.</param>
/// <param name="Full">m(full model).</param>
/// <param name="Empty">m(empty circuit): every edge ablated (on a slice: every slice edge, everything outside kept).</param>
/// <param name="AreaUnder">Area under the normalised faithfulness: CPR when ranked by signed scores.</param>
/// <param name="AreaFromOne">Area under |1 − f|: CMD when ranked by absolute scores.</param>
public sealed record FaithfulnessCurve(IReadOnlyList<FaithfulnessPoint> Points, double Full, double Empty, double AreaUnder, double AreaFromOne);

/// <summary>
/// Circuit faithfulness: f(C) = (m(C) − m(empty)) / (m(full) − m(empty)), where m(C) runs the model with
/// every edge outside C ablated (one patched forward per circuit). Values may leave [0, 1].
/// <para>
/// On a <see cref="GraphSlice"/> only the slice's edges are under study and edges outside it are never ablated:
/// circuit sizes are fractions of the slice's edges, circuits are the top-ranked slice edges, "empty" ablates every
/// slice edge and keeps everything else, a circuit's complement is ablated within the slice only
/// (<see cref="Circuit.WithEdgesOutside"/>), and "full" — nothing ablated — is the full model as without a slice.
/// </para>
/// </summary>
public static class Faithfulness
{
    /// <summary>MIB's circuit sizes as fractions of all edges: 0.1 %, 0.2 %, 0.5 %, 1 %, 2 %, 5 %, 10 %, 20 %, 50 %, 100 %.</summary>
    public static IReadOnlyList<double> MibFractions { get; } = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];

    /// <summary>(m − empty) / (full − empty); NaN when full = empty (the task signal is absent).</summary>
    public static double Normalize(double metric, double empty, double full) => full == empty ? double.NaN : (metric - empty) / (full - empty);

    /// <summary>m(C) per prompt and its batch mean, with <paramref name="circuit"/>'s complement ablated.</summary>
    public static (double Mean, double[] PerPrompt) Measure(HookedTransformer model, Circuit circuit, PromptSet prompts, Metric metric, SourceActivations ablated, Tensor? cleanLogits)
    {
        using var _ = GradTape.NoGrad();
        using var scope = TensorScope.Begin();                                    // the forward's tensors go back to the pool
        var logits = EdgePatching.Forward(model, circuit.Graph, prompts.Clean, circuit.ToWeights(), ablated);
        var perPrompt = metric.PerPrompt(logits, prompts, cleanLogits).ToArray().Select(v => (double)v).ToArray();
        return (perPrompt.Average(), perPrompt);
    }

    /// <summary>
    /// The curve over <paramref name="fractions"/> (default <see cref="MibFractions"/>) for circuits of the
    /// top-ranked edges (by |score| when <paramref name="absolute"/>), pruned unless told otherwise; on
    /// <paramref name="slice"/> (null: the whole graph), with the slice semantics above.
    /// </summary>
    public static FaithfulnessCurve Curve(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric,
        IReadOnlyList<double> scores, SourceActivations ablated, IReadOnlyList<double>? fractions = null, bool absolute = true, bool prune = true,
        GraphSlice? slice = null)
    {
        slice?.RequireGraph(graph);
        var studied = slice?.Edges.Count ?? graph.Edges.Count;
        return Trace(model, graph, prompts, metric, ablated, fractions ?? MibFractions,
            fraction => CircuitBuilder.TopN(graph, scores, (int)Math.Round(fraction * studied), absolute, prune, slice),
            circuit => slice is null ? circuit : circuit.WithEdgesOutside(slice));
    }

    /// <summary>
    /// The node-level curve: circuits of the top-ranked nodes by <paramref name="nodeScores"/> (one per graph source, by
    /// |score| when <paramref name="absolute"/>; ties in source order), each keeping every edge among its nodes, input and
    /// logits (<see cref="Circuit.FromNodes"/>), at <paramref name="fractions"/> of the <see cref="NodeCandidates"/>.
    /// m(empty) still ablates every edge.
    /// </summary>
    public static FaithfulnessCurve NodeCurve(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric,
        IReadOnlyList<double> nodeScores, SourceActivations ablated, IReadOnlyList<double>? fractions = null, bool absolute = true)
    {
        if (nodeScores.Count != graph.Sources.Count) throw new ArgumentException($"{nodeScores.Count} node scores for a graph of {graph.Sources.Count} source nodes.");
        if (nodeScores.Any(double.IsNaN)) throw new ArgumentException("Node scores contain NaN; the attribution run went wrong.");
        var candidates = NodeCandidates(graph);
        var ranked = candidates.OrderByDescending(n => absolute ? Math.Abs(nodeScores[n]) : nodeScores[n]).ThenBy(n => n).ToArray();
        return Trace(model, graph, prompts, metric, ablated, fractions ?? MibFractions,
            fraction => Circuit.FromNodes(graph, ranked.Take((int)Math.Round(fraction * candidates.Count)).Select(n => graph.Sources[n])),
            circuit => circuit);
    }

    /// <summary>Source indices a node-level circuit chooses among: every head and MLP (input and logits are always in).</summary>
    public static IReadOnlyList<int> NodeCandidates(CircuitGraph graph) =>
        [.. Enumerable.Range(0, graph.Sources.Count).Where(n => graph.Sources[n].Kind != NodeKind.Input)];

    /// <summary>
    /// Circuit sizes given as counts (edges, or nodes at node level) → the fractions count / <paramref name="total"/> the
    /// curves take (so round(fraction · total) gives the count back).
    /// </summary>
    public static double[] FractionsOfCounts(IReadOnlyList<int> counts, int total)
    {
        if (counts.Count == 0 || counts.Any(c => c < 0 || c > total) || counts.Zip(counts.Skip(1)).Any(p => p.First >= p.Second))
            throw new ArgumentException($"Circuit sizes as counts must increase and lie in 0 … {total}; got {string.Join(", ", counts)}.", nameof(counts));
        return [.. counts.Select(c => (double)c / total)];
    }

    /// <summary>m(full), m(empty) and m at each size, <paramref name="circuitAt"/> giving the circuit and <paramref name="asEvaluated"/> what is kept when it runs.</summary>
    private static FaithfulnessCurve Trace(HookedTransformer model, CircuitGraph graph, PromptSet prompts, Metric metric, SourceActivations ablated,
        IReadOnlyList<double> fractions, Func<double, Circuit> circuitAt, Func<Circuit, Circuit> asEvaluated)
    {
        if (fractions.Count == 0 || fractions.Any(f => f is < 0 or > 1) || !fractions.SequenceEqual(fractions.Order()))
            throw new ArgumentException("Circuit sizes must be increasing fractions in [0, 1].", nameof(fractions));
        Tensor? cleanLogits = null;
        if (metric.NeedsCleanLogits)
            using (GradTape.NoGrad()) cleanLogits = model.Forward(prompts.Clean);
        var full = Measure(model, Circuit.Full(graph), prompts, metric, ablated, cleanLogits).Mean;
        var empty = Measure(model, asEvaluated(Circuit.Empty(graph)), prompts, metric, ablated, cleanLogits).Mean;
        var points = fractions.Select(fraction =>
        {
            var circuit = circuitAt(fraction);
            var (mean, perPrompt) = Measure(model, asEvaluated(circuit), prompts, metric, ablated, cleanLogits);
            return new FaithfulnessPoint(fraction, circuit.EdgeCount, mean, Normalize(mean, empty, full), perPrompt);
        }).ToArray();
        var x = points.Select(p => p.Fraction).ToArray();
        return new FaithfulnessCurve(points, full, empty,
            Trapezoid(x, points.Select(p => p.Normalized).ToArray()),
            Trapezoid(x, points.Select(p => Math.Abs(1 - p.Normalized)).ToArray()));
    }

    /// <summary>Trapezoid area of y over x (x increasing).</summary>
    public static double Trapezoid(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double area = 0;
        for (var i = 1; i < x.Count; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        return area;
    }
}
