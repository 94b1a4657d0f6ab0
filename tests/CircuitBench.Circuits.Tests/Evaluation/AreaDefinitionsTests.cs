using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Circuits.Tests.Evaluation;

/// <summary>
/// CPR and CMD checked against areas worked out by hand: CPR = trapezoid area of the normalised faithfulness
/// f = (m − m(empty)) / (m(full) − m(empty)) over the circuit fractions, CMD = trapezoid area of |1 − f|.
/// </summary>
public class AreaDefinitionsTests
{
    [Fact]
    public void Trapezoid_areas_of_simple_curves()
    {
        // A constant 1 over MIB's fractions 0.001 … 1: the width, 1 − 0.001.
        Assert.Equal(0.999, Faithfulness.Trapezoid(Faithfulness.MibFractions, [.. Enumerable.Repeat(1.0, 10)]), 12);
        // y = x: trapezoids are exact on a line, ∫ x dx from 0.001 to 1 = (1 − 0.001²) / 2 = 0.4999995.
        Assert.Equal(0.4999995, Faithfulness.Trapezoid(Faithfulness.MibFractions, Faithfulness.MibFractions), 12);
        // Uneven widths: x = 0, 0.1, 0.4, 1 and y = 2, 0, 1, 3 → 0.1·(2+0)/2 + 0.3·(0+1)/2 + 0.6·(1+3)/2 = 0.1 + 0.15 + 1.2.
        Assert.Equal(1.45, Faithfulness.Trapezoid([0, 0.1, 0.4, 1], [2, 0, 1, 3]), 12);
        // Negative values count negatively: x = 0, 1, y = −1, −3 → −2.
        Assert.Equal(-2, Faithfulness.Trapezoid([0, 1], [-1, -3]), 12);
        // One point or none: no width, no area.
        Assert.Equal(0, Faithfulness.Trapezoid([0.5], [7]));
        Assert.Equal(0, Faithfulness.Trapezoid([], []));
    }

    [Fact]
    public void Normalisation_maps_empty_to_zero_and_full_to_one_in_either_direction()
    {
        // Higher is closer to clean (logit difference): empty 1, full 3.
        Assert.Equal(0, Faithfulness.Normalize(1, empty: 1, full: 3));
        Assert.Equal(1, Faithfulness.Normalize(3, empty: 1, full: 3));
        Assert.Equal(0.5, Faithfulness.Normalize(2, empty: 1, full: 3));
        Assert.Equal(1.5, Faithfulness.Normalize(4, empty: 1, full: 3));
        Assert.Equal(-0.5, Faithfulness.Normalize(0, empty: 1, full: 3));
        // Lower is closer to clean (KL: full 0, empty 2): m = 0.5 is three quarters of the way from empty to full.
        Assert.Equal(0.75, Faithfulness.Normalize(0.5, empty: 2, full: 0));
        Assert.Equal(1.5, Faithfulness.Normalize(-1, empty: 2, full: 0));
        Assert.True(double.IsNaN(Faithfulness.Normalize(5, empty: 2, full: 2)));
    }

    [Fact]
    public void Cpr_and_cmd_of_a_curve_that_overshoots_one()
    {
        // Circuits at x = 0, 0.25, 0.5, 1 with m(empty) = 1, m(full) = 3 and m(C) = 1, 4, 2, 3:
        // f = 0, 1.5, 0.5, 1 (it crosses 1 twice).
        double[] x = [0, 0.25, 0.5, 1];
        var f = new[] { 1.0, 4, 2, 3 }.Select(m => Faithfulness.Normalize(m, empty: 1, full: 3)).ToArray();
        Assert.Equal([0, 1.5, 0.5, 1], f);
        // CPR = 0.25·(0 + 1.5)/2 + 0.25·(1.5 + 0.5)/2 + 0.5·(0.5 + 1)/2 = 0.1875 + 0.25 + 0.375.
        Assert.Equal(0.8125, Faithfulness.Trapezoid(x, f), 12);
        // |1 − f| = 1, 0.5, 0.5, 0; CMD = 0.25·1.5/2 + 0.25·1/2 + 0.5·0.5/2 = 0.1875 + 0.125 + 0.125.
        Assert.Equal(0.4375, Faithfulness.Trapezoid(x, [.. f.Select(v => Math.Abs(1 - v))]), 12);
        // Without |·| the overshoot would cancel: 1 − f = 1, −0.5, 0.5, 0 gives 0.0625 + 0 + 0.125 = 0.1875.
        Assert.Equal(0.1875, Faithfulness.Trapezoid(x, [.. f.Select(v => 1 - v)]), 12);
    }

    [Fact]
    public void The_curve_areas_are_the_trapezoids_of_its_points_normalised_between_empty_and_full()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = new PromptSet(TinyModel.Batch(1), TinyModel.Batch(2), [[3], [7], [1]], [[5], [0], [4]]);
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var scores = Enumerable.Range(0, graph.Edges.Count).Select(i => CounterRng.Uniform(4, (ulong)i) - 0.5).ToArray();
        double[] fractions = [0.05, 0.2, 0.5, 1];
        foreach (var absolute in new[] { false, true })
        {
            var curve = Faithfulness.Curve(model, graph, prompts, new LogitDifference(), scores, ablated, fractions, absolute);
            Assert.NotEqual(curve.Full, curve.Empty);
            Assert.Equal(fractions, curve.Points.Select(p => p.Fraction));
            var f = new double[fractions.Length];
            for (var i = 0; i < f.Length; i++)
            {
                var point = curve.Points[i];
                Assert.Equal(point.PerPrompt.Average(), point.Metric, 9);
                f[i] = (point.Metric - curve.Empty) / (curve.Full - curve.Empty);
                Assert.Equal(f[i], point.Normalized, 12);
            }
            Assert.Equal(1, f[^1], 6);
            // The areas written out: Σ width · (left + right) / 2 over the three intervals.
            var under = 0.15 * (f[0] + f[1]) / 2 + 0.3 * (f[1] + f[2]) / 2 + 0.5 * (f[2] + f[3]) / 2;
            var fromOne = 0.15 * (Math.Abs(1 - f[0]) + Math.Abs(1 - f[1])) / 2 + 0.3 * (Math.Abs(1 - f[1]) + Math.Abs(1 - f[2])) / 2
                + 0.5 * (Math.Abs(1 - f[2]) + Math.Abs(1 - f[3])) / 2;
            Assert.Equal(under, curve.AreaUnder, 12);
            Assert.Equal(fromOne, curve.AreaFromOne, 12);
        }
    }
}
