namespace CircuitBench.Tensors.Rng;

/// <summary>
/// Counter-based random numbers: value i of stream <c>seed</c> is a pure function of (seed, i),
/// built on the SplitMix64 finaliser. Filling a tensor in any order or on any number of threads
/// gives the same bits.
/// </summary>
public static class CounterRng
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>64 random bits for element <paramref name="index"/> of stream <paramref name="seed"/>.</summary>
    public static ulong Bits(ulong seed, ulong index) => Mix(Mix(seed) + (index + 1) * Golden);

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public static float Uniform(ulong seed, ulong index) => (Bits(seed, index) >> 40) * (1f / (1 << 24));

    /// <summary>A standard normal value (Box–Muller on the two 32-bit halves of one draw, in double precision).</summary>
    public static float Normal(ulong seed, ulong index)
    {
        var bits = Bits(seed, index);
        var u1 = ((bits >> 40) + 1) * (1.0 / (1 << 24));          // (0, 1]: log is finite
        var u2 = ((bits >> 8) & 0xFFFFFF) * (1.0 / (1 << 24));      // [0, 1)
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>) (multiply-shift; bias below 2^-32 for small ranges).</summary>
    public static int NextInt(ulong seed, ulong index, int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        return (int)(((Bits(seed, index) >> 32) * (ulong)exclusiveMax) >> 32);
    }

    /// <summary>Fills <paramref name="destination"/> with element i = Normal(seed, i) · std.</summary>
    public static void FillNormal(ulong seed, Span<float> destination, float std = 1f)
    {
        for (var i = 0; i < destination.Length; i++) destination[i] = Normal(seed, (ulong)i) * std;
    }

    /// <summary>Fills <paramref name="destination"/> with element i uniform in [low, high).</summary>
    public static void FillUniform(ulong seed, Span<float> destination, float low = 0f, float high = 1f)
    {
        for (var i = 0; i < destination.Length; i++) destination[i] = low + (high - low) * Uniform(seed, (ulong)i);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
