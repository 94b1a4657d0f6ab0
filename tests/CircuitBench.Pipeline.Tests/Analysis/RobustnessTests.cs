using CircuitBench.Pipeline.Analysis;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Tests.Analysis;

public class RobustnessTests
{
    private static readonly SweepSpec Sweep = SweepReader.Read("""
        name: r
        axes:
          models: [toy-induction-2l]
          tasks: [toy-induction]
          algorithms: [eap]
          ablations: [resample, zero]
          metrics: [logit-diff, kl]
          seeds: [0, 1]
        """, "r.yaml", new SpecVocabulary(Tasks.TaskRegistry.Names));

    [Fact]
    public void Pairs_differ_in_one_axis_only_and_the_spearman_of_their_magnitudes_is_averaged()
    {
        // Score vectors by cell: the same |score| ranking everywhere (KL's signs flipped) except seed 1 with the zero
        // ablation, which reverses it.
        double[] ascending = [1, 2, 3, 4], reversed = [4, 3, 2, 1];
        var scores = Sweep.Cells.Select(c => (c.Spec is { Seed: 1, Ablation: "zero" } ? reversed : ascending)
            .Select(v => c.Spec.Metric == "kl" ? v : -v).ToArray()).ToArray();
        var rows = Robustness.Compute(Sweep.Cells, scores).ToDictionary(r => r.Axis);
        Assert.Equal(Robustness.Axes, rows.Keys);
        // 8 cells: each axis pairs 4 cells with 4; ablation pairs: 2 of 4 cross into the reversed ones.
        Assert.All(rows.Values, r => Assert.Equal(4, r.Pairs));
        Assert.Equal(0, rows["ablation"].MeanSpearman, 12);
        Assert.Equal(-1, rows["ablation"].MinSpearman, 12);
        Assert.Equal(1, rows["metric"].MeanSpearman, 12);
        Assert.Equal(0, rows["seed"].MeanSpearman, 12);
    }

    [Fact]
    public void An_axis_without_pairs_or_with_constant_scores_is_nan()
    {
        var one = SweepReader.Read("""
            name: one
            axes: {models: [toy-induction-2l], tasks: [toy-induction], algorithms: [eap], ablations: [resample], metrics: [kl], seeds: [0]}
            """, "one.yaml", new SpecVocabulary(Tasks.TaskRegistry.Names));
        Assert.All(Robustness.Compute(one.Cells, [[1, 2]]), r => Assert.True(r.Pairs == 0 && double.IsNaN(r.MeanSpearman)));
        var flat = Sweep.Cells.Select(_ => new double[] { 1, 1, 1 }).ToArray();
        Assert.All(Robustness.Compute(Sweep.Cells, flat), r => Assert.True(double.IsNaN(r.MeanSpearman)));
    }
}
