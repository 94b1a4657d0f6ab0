using CircuitBench.Circuits.Graph;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// The seeded baseline (<c>random</c>): score(edge i) = <c>CounterRng.Uniform(seed, i)</c>, uniform in [0, 1), i the
/// canonical edge index. A pure function of (seed, i): the same on every run and machine; no model passes.
/// </summary>
public static class RandomBaseline
{
    /// <summary>Random scores for every edge of <paramref name="graph"/>.</summary>
    public static AttributionScores Run(CircuitGraph graph, ulong seed)
    {
        var cost = new CostMeter();
        var scores = graph.Edges.Select(e => (double)CounterRng.Uniform(seed, (ulong)e.Index)).ToArray();
        return new AttributionScores("random", graph, scores, cost.Finish());
    }
}

/// <summary><c>random</c> in the registry (see <see cref="RandomBaseline"/>).</summary>
internal sealed class RandomBaselineAlgorithm : IAttributionAlgorithm
{
    public string Name => "random";

    public string Description => "seeded baseline: uniform [0, 1) scores from the counter-based RNG, deterministic";

    public IReadOnlyList<AlgorithmParameter> Parameters => [new("seed", "0", "the RNG stream (a non-negative integer)")];

    public bool ReadsAblated => false;

    public AttributionScores Run(AttributionContext c)
    {
        var seed = c.Int("seed", 0);
        if (seed < 0) throw new ArgumentException($"Parameter 'seed' must be ≥ 0; got {seed}.");
        return RandomBaseline.Run(c.Graph, (ulong)seed).RestrictedTo(c.Slice);
    }
}
