using CircuitBench.Circuits.Construction;

namespace CircuitBench.Circuits.Attribution;

/// <summary>The circuit ACDC keeps at one threshold τ.</summary>
/// <param name="Threshold">τ: an edge was removed when removing it worsened the metric by less than τ.</param>
/// <param name="Circuit">The kept edges, as ACDC leaves them (not pruned of dangling edges; see <see cref="CircuitBuilder.Prune"/>).</param>
/// <param name="Metric">
/// The batch-mean metric of the circuit as the walk last evaluated it (every removed edge ablated). Receivers skipped
/// because their node fed nothing change it only by float rounding, so a fresh evaluation agrees to rounding.
/// </param>
/// <param name="EdgesTested">Edges whose removal the walk tried (the others were skipped or removed with a dead receiver).</param>
public sealed record AcdcCircuit(double Threshold, Circuit Circuit, double Metric, int EdgesTested);

/// <summary>
/// An ACDC sweep: one circuit per threshold (ascending τ) and the edge scores for the registry, where
/// <c>score(edge)</c> is the largest τ of the sweep at which the edge is still in the circuit (0 when it never is).
/// Where the circuits are nested (C(τ') ⊆ C(τ) for τ' &gt; τ), thresholding these scores at τ — every edge with
/// score ≥ τ — gives back exactly C(τ), so ranking by the score reproduces the sweep. Nesting is usual but not
/// guaranteed (the walk is greedy); where it fails an edge takes the largest τ that kept it. With τ = 0 in the grid,
/// an edge kept only at τ = 0 scores 0 like an edge never kept. On a slice, edges outside it are in every circuit
/// (never ablated) yet score 0, so thresholding the scores gives back C(τ) within the slice.
/// </summary>
/// <param name="Circuits">One circuit per threshold, in ascending τ.</param>
/// <param name="Scores">The per-edge scores described above and the cost of the whole sweep.</param>
public sealed record AcdcResult(IReadOnlyList<AcdcCircuit> Circuits, AttributionScores Scores)
{
    /// <summary>True when every circuit contains the circuit of the next larger threshold.</summary>
    public bool IsNested => Circuits.Zip(Circuits.Skip(1)).All(pair =>
        pair.Second.Circuit.Edges.All(e => pair.First.Circuit.Contains(e.Index)));
}
