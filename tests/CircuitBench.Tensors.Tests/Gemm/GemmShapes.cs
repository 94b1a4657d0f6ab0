namespace CircuitBench.Tensors.Tests.Gemm;

/// <summary>Shapes and scalars shared by the backend tests.</summary>
internal static class GemmShapes
{
    /// <summary>(m, n, k): tiny, odd, one-off-the-tile, and a few that cross several cache blocks.</summary>
    public static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (1, 17, 3), (3, 1, 17), (17, 63, 1), (1, 129, 65), (129, 1, 63),
        (63, 65, 129), (65, 129, 63), (129, 3, 65), (14, 32, 64), (15, 33, 17), (13, 31, 129),
        (6, 16, 5), (7, 17, 3), (28, 64, 1),
    ];

    /// <summary>(alpha, beta, NaN pre-filled in C).</summary>
    public static readonly (float Alpha, float Beta, bool NanInC)[] Scalars =
    [
        (1f, 0f, true), (1f, 1f, false), (-0.5f, 2f, false), (2.5f, 0f, true), (0.75f, -1f, false),
    ];

    /// <summary>Every transpose combination × every shape, as xunit rows.</summary>
    public static IEnumerable<object[]> TransposesAndShapes()
    {
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                foreach ((int m, int n, int k) in Shapes)
                {
                    yield return [ta, tb, m, n, k];
                }
            }
        }
    }
}
