using CircuitBench.Circuits.Construction;

namespace CircuitBench.Circuits.Evaluation;

/// <summary>A point of a ROC curve: false-positive and true-positive rates of one circuit against a ground truth.</summary>
public readonly record struct RocPoint(double FalsePositiveRate, double TruePositiveRate);

/// <summary>
/// ROC curves against a ground-truth edge set, as ACDC evaluates: every circuit of a sweep (thresholds, or
/// growing top-n) is a point; the area is the pessimistic staircase through (0, 0), the points sorted by
/// false-positive rate, and (1, 1).
/// </summary>
public static class Roc
{
    /// <summary>The point of <paramref name="circuit"/> against ground-truth edge flags.</summary>
    public static RocPoint Point(Circuit circuit, IReadOnlyList<bool> truth)
    {
        if (truth.Count != circuit.Graph.Edges.Count) throw new ArgumentException($"{truth.Count} ground-truth flags for {circuit.Graph.Edges.Count} edges.");
        int positives = truth.Count(t => t), tp = 0, fp = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            if (!circuit.Contains(i)) continue;
            if (truth[i]) tp++;
            else fp++;
        }
        var negatives = truth.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException("A ROC curve needs a ground truth with at least one edge in and one edge out.");
        return new RocPoint((double)fp / negatives, (double)tp / positives);
    }

    /// <summary>Points of every prefix of the score ranking (circuits of 0 … all edges, unpruned).</summary>
    public static IReadOnlyList<RocPoint> FromScores(IReadOnlyList<double> scores, IReadOnlyList<bool> truth, bool absolute = true)
    {
        if (scores.Count != truth.Count) throw new ArgumentException($"{scores.Count} scores but {truth.Count} ground-truth flags.");
        int positives = truth.Count(t => t), negatives = truth.Count - positives, tp = 0, fp = 0;
        if (positives == 0 || negatives == 0) throw new ArgumentException("A ROC curve needs a ground truth with at least one edge in and one edge out.");
        var points = new List<RocPoint> { new(0, 0) };
        foreach (var i in CircuitBuilder.Ranking(scores, absolute))
        {
            if (truth[i]) tp++;
            else fp++;
            points.Add(new RocPoint((double)fp / negatives, (double)tp / positives));
        }
        return points;
    }

    /// <summary>Pessimistic (staircase) area: each true-positive rate holds until the next false-positive rate.</summary>
    public static double Auc(IEnumerable<RocPoint> points)
    {
        var sorted = points.Append(new RocPoint(0, 0)).Append(new RocPoint(1, 1))
            .OrderBy(p => p.FalsePositiveRate).ThenBy(p => p.TruePositiveRate).ToArray();
        double area = 0, bestTpr = 0;
        for (var i = 1; i < sorted.Length; i++)
        {
            area += (sorted[i].FalsePositiveRate - sorted[i - 1].FalsePositiveRate) * bestTpr;
            bestTpr = Math.Max(bestTpr, sorted[i].TruePositiveRate);
        }
        return area;
    }
}
