using CircuitBench.Circuits.Evaluation;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Analysis;

/// <summary>How much one algorithm's ranking on one (model, task) moves when one choice of the study changes.</summary>
/// <param name="Model">The model id.</param>
/// <param name="Task">The task.</param>
/// <param name="Algorithm">The algorithm.</param>
/// <param name="Axis"><c>ablation</c>, <c>metric</c> or <c>seed</c>.</param>
/// <param name="Pairs">Pairs of cells that differ in that axis only.</param>
/// <param name="MeanSpearman">Mean Spearman ρ of the pairs' edge scores (NaN without pairs).</param>
/// <param name="MinSpearman">The lowest ρ of the pairs (NaN without pairs).</param>
public sealed record RobustnessRow(string Model, string Task, string Algorithm, string Axis, int Pairs, double MeanSpearman, double MinSpearman);

/// <summary>
/// Robustness of attributions to the study's choices: for each (model, task, algorithm) and each axis (ablation,
/// metric, seed), Spearman's ρ between the |edge scores| of every pair of cells that differ in that axis alone — the
/// |score| ranking is what circuits are built from, and metrics differ in sign convention (KL grows when an edge is
/// ablated, logit difference falls). ρ near 1: the ranking does not depend on the choice. Seeds change the trained model
/// and the dataset together; heads of retrained models are not aligned, so seed ρ measures how reproducible the
/// per-position ranking is, not whether the same mechanism is found.
/// </summary>
public static class Robustness
{
    /// <summary>The axes compared, in report order.</summary>
    public static IReadOnlyList<string> Axes { get; } = ["ablation", "metric", "seed"];

    /// <summary>One row per (model, task, algorithm, axis), in the order the cells first name them.</summary>
    /// <param name="cells">The sweep's cells.</param>
    /// <param name="scores">Each cell's edge scores, in graph order.</param>
    public static IReadOnlyList<RobustnessRow> Compute(IReadOnlyList<SweepCell> cells, IReadOnlyList<double[]> scores)
    {
        if (cells.Count != scores.Count) throw new ArgumentException($"{cells.Count} cells but {scores.Count} score vectors.");
        var rows = new List<RobustnessRow>();
        var groups = cells.Select((cell, index) => (cell.Spec, Index: index)).GroupBy(c => (c.Spec.ModelId, c.Spec.Task, c.Spec.Algorithm));
        foreach (var group in groups)
        {
            var members = group.ToArray();
            foreach (var axis in Axes)
            {
                var rhos = new List<double>();
                for (var i = 0; i < members.Length; i++)
                    for (var j = i + 1; j < members.Length; j++)
                        if (DifferOnlyIn(members[i].Spec, members[j].Spec, axis))
                            rhos.Add(RankCorrelation.Spearman(Magnitudes(scores[members[i].Index]), Magnitudes(scores[members[j].Index])));
                var finite = rhos.Where(double.IsFinite).ToArray();
                rows.Add(new RobustnessRow(group.Key.ModelId, group.Key.Task, group.Key.Algorithm, axis, rhos.Count,
                    finite.Length > 0 ? finite.Average() : double.NaN, finite.Length > 0 ? finite.Min() : double.NaN));
            }
        }
        return rows;
    }

    private static double[] Magnitudes(double[] scores) => [.. scores.Select(Math.Abs)];

    private static bool DifferOnlyIn(RunSpec a, RunSpec b, string axis)
    {
        var (ablation, metric, seed) = (a.Ablation != b.Ablation, a.Metric != b.Metric, a.Seed != b.Seed);
        return axis switch
        {
            "ablation" => ablation && !metric && !seed,
            "metric" => metric && !ablation && !seed,
            _ => seed && !ablation && !metric,
        };
    }
}
