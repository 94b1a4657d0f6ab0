using System.Diagnostics;

namespace CircuitBench.Cli.Benchmarking;

/// <summary>Wall-clock timing shared by the benchmarks: warm-up runs, then the median of timed runs.</summary>
internal static class Timings
{
    /// <summary>Runs <paramref name="action"/> <paramref name="warmUp"/> times untimed, then <paramref name="repeats"/> times timed; returns the median seconds.</summary>
    public static double MedianSeconds(Action action, int warmUp, int repeats) => Median(Interleaved([action], warmUp, repeats)[0]);

    /// <summary>
    /// Side by side: <paramref name="warmUp"/> untimed rounds, then <paramref name="repeats"/> timed rounds, each running
    /// every action once in order, so that a slow spell of a shared machine hits all of them alike. Returns the seconds
    /// [action][round].
    /// </summary>
    public static double[][] Interleaved(IReadOnlyList<Action> actions, int warmUp, int repeats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var seconds = actions.Select(_ => new double[repeats]).ToArray();
        for (int round = -warmUp; round < repeats; round++)
        {
            for (int i = 0; i < actions.Count; i++)
            {
                long start = Stopwatch.GetTimestamp();
                actions[i]();
                if (round >= 0) seconds[i][round] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }

        return seconds;
    }

    /// <summary>The median over rounds of <paramref name="numerator"/>[round] / <paramref name="denominator"/>[round].</summary>
    public static double MedianRatio(double[] numerator, double[] denominator) =>
        Median(numerator.Zip(denominator, (a, b) => a / b).ToArray());

    /// <summary>The median (mean of the middle two for an even count); sorts <paramref name="values"/>.</summary>
    public static double Median(double[] values)
    {
        Array.Sort(values);
        int mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
