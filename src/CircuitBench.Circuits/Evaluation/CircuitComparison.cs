using CircuitBench.Circuits.Construction;

namespace CircuitBench.Circuits.Evaluation;

/// <summary>Agreement between two circuits (edge sets) of one graph.</summary>
/// <param name="Precision">|A ∩ B| / |A| (A judged against reference B).</param>
/// <param name="Recall">|A ∩ B| / |B|.</param>
/// <param name="Jaccard">|A ∩ B| / |A ∪ B|.</param>
public sealed record CircuitOverlap(double Precision, double Recall, double Jaccard)
{
    /// <summary>Overlap of <paramref name="circuit"/> with <paramref name="reference"/> (empty sets give NaN where undefined).</summary>
    public static CircuitOverlap Of(Circuit circuit, Circuit reference)
    {
        if (circuit.Graph != reference.Graph) throw new ArgumentException("Circuits of different graphs cannot be compared.");
        int both = 0, either = 0;
        for (var i = 0; i < circuit.Graph.Edges.Count; i++)
        {
            var (a, b) = (circuit.Contains(i), reference.Contains(i));
            if (a && b) both++;
            if (a || b) either++;
        }
        static double Ratio(int x, int y) => y == 0 ? double.NaN : (double)x / y;
        return new CircuitOverlap(Ratio(both, circuit.EdgeCount), Ratio(both, reference.EdgeCount), Ratio(both, either));
    }
}
