using CircuitBench.Tensors.Rng;

namespace CircuitBench.Tasks.Datasets;

/// <summary>Deterministic orderings from a seed (Fisher–Yates on <see cref="CounterRng"/> draws): the same seed gives the same order on any machine.</summary>
public static class SeededOrder
{
    /// <summary>A permutation of 0 … <paramref name="count"/> − 1 drawn from <paramref name="seed"/>.</summary>
    public static int[] Permutation(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = CounterRng.NextInt(seed, (ulong)i, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
