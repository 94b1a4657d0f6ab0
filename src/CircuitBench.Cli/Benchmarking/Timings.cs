using System.Diagnostics;

namespace CircuitBench.Cli.Benchmarking;

/// <summary>Wall-clock timing shared by the benchmarks: warm-up runs, then the median of timed runs.</summary>
internal static class Timings
{
    /// <summary>Runs <paramref name="action"/> <paramref name="warmUp"/> times untimed, then <paramref name="repeats"/> times timed; returns the median seconds.</summary>
    public static double MedianSeconds(Action action, int warmUp, int repeats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        for (int run = 0; run < warmUp; run++)
        {
            action();
        }

        var seconds = new double[repeats];
        for (int run = 0; run < repeats; run++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            seconds[run] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        return Median(seconds);
    }

    /// <summary>The median (mean of the middle two for an even count); sorts <paramref name="values"/>.</summary>
    public static double Median(double[] values)
    {
        Array.Sort(values);
        int mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
