using CircuitBench.Circuits.Construction;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Circuits.Tests.Patching;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Circuits.Tests.Evaluation;

public class EvaluationTests
{
    [Fact]
    public void Faithfulness_is_zero_for_the_empty_circuit_and_one_for_the_full_graph()
    {
        var model = TinyModel.Create();
        var graph = CircuitGraph.FromConfig(model.Config);
        var prompts = new PromptSet(TinyModel.Batch(1), TinyModel.Batch(2), [[3], [7], [1]], [[5], [0], [4]]);
        var ablated = Ablation.For(AblationKind.Resample, model, prompts.Clean, prompts.Corrupted);
        var scores = Enumerable.Range(0, graph.Edges.Count).Select(i => CounterRng.Uniform(9, (ulong)i) - 0.5).ToArray();
        var curve = Faithfulness.Curve(model, graph, prompts, new LogitDifference(), scores, ablated, [0, 0.3, 1]);
        Assert.Equal(0, curve.Points[0].Normalized, 6);
        Assert.Equal(1, curve.Points[^1].Normalized, 6);
        Assert.Equal(graph.Edges.Count, curve.Points[^1].Edges);
        Assert.Equal(3, curve.Points[1].PerPrompt.Length);
        Assert.Equal(Faithfulness.Trapezoid([0, 0.3, 1], curve.Points.Select(p => p.Normalized).ToArray()), curve.AreaUnder, 12);
        Assert.NotEqual(curve.Full, curve.Empty);
    }

    [Fact]
    public void Trapezoid_and_normalisation()
    {
        Assert.Equal(0.5 * 1 + 0.5 * 1.5, Faithfulness.Trapezoid([0, 0.5, 1], [0, 2, 1]), 12);
        Assert.Equal(1.5, Faithfulness.Normalize(4, 1, 3));
        Assert.True(double.IsNaN(Faithfulness.Normalize(1, 2, 2)));
    }

    [Fact]
    public void Roc_auc_is_one_for_a_perfect_ranking_zero_for_a_reversed_one_and_a_staircase_between()
    {
        bool[] truth = [true, true, false, false, false];
        Assert.Equal(1, Roc.Auc(Roc.FromScores([5, 4, 3, 2, 1], truth)), 12);
        Assert.Equal(0, Roc.Auc(Roc.FromScores([1, 2, 3, 4, 5], truth)), 12);
        // Order: T F T F F → TPR 0.5 over FPR [0, 1/3), then 1 → area 0.5/3 + 2/3.
        Assert.Equal(0.5 / 3 + 2.0 / 3, Roc.Auc(Roc.FromScores([5, 4, 3, 2, 1], [true, false, true, false, false])), 12);
        Assert.Throws<ArgumentException>(() => Roc.FromScores([1, 2], [true, true]));
    }

    [Fact]
    public void Overlap_between_circuits()
    {
        var graph = CircuitGraph.FromConfig(TinyModel.Create().Config);
        var a = new Circuit(graph, graph.Edges.Select(e => e.Index < 10).ToArray());
        var b = new Circuit(graph, graph.Edges.Select(e => e.Index is >= 5 and < 20).ToArray());
        var overlap = CircuitOverlap.Of(a, b);
        Assert.Equal((0.5, 5.0 / 15, 5.0 / 20), (overlap.Precision, overlap.Recall, overlap.Jaccard));
    }

    [Fact]
    public void Rank_correlations_match_naive_definitions_with_ties()
    {
        var n = 300;
        var a = Enumerable.Range(0, n).Select(i => (double)CounterRng.NextInt(1, (ulong)i, 40)).ToArray();
        var b = Enumerable.Range(0, n).Select(i => a[i] + CounterRng.NextInt(2, (ulong)i, 25)).ToArray();
        long concordant = 0, discordant = 0, onlyA = 0, onlyB = 0;
        for (var i = 0; i < n; i++)
        for (var j = i + 1; j < n; j++)
        {
            var (da, db) = (Math.Sign(a[i] - a[j]), Math.Sign(b[i] - b[j]));
            if (da == 0 && db == 0) continue;
            if (da == 0) onlyA++;
            else if (db == 0) onlyB++;
            else if (da == db) concordant++;
            else discordant++;
        }
        var naiveTau = (concordant - discordant) / Math.Sqrt((double)(concordant + discordant + onlyB) * (concordant + discordant + onlyA));
        Assert.Equal(naiveTau, RankCorrelation.KendallTauB(a, b), 10);

        var distinctA = Enumerable.Range(0, 50).Select(i => (double)CounterRng.Normal(3, (ulong)i)).ToArray();
        var distinctB = distinctA.Select((v, i) => v + CounterRng.Normal(4, (ulong)i)).ToArray();
        var rank = (double[] x) => x.Select(v => x.Count(w => w < v) + 1.0).ToArray();
        var (ra, rb) = (rank(distinctA), rank(distinctB));
        var naiveRho = 1 - 6 * ra.Zip(rb, (p, q) => (p - q) * (p - q)).Sum() / (50.0 * (50 * 50 - 1));
        Assert.Equal(naiveRho, RankCorrelation.Spearman(distinctA, distinctB), 10);
        Assert.Equal(1, RankCorrelation.Spearman([1, 2, 2, 3], [10, 20, 20, 30]), 12);
    }
}
