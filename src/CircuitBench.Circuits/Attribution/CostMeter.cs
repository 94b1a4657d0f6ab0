using System.Diagnostics;

namespace CircuitBench.Circuits.Attribution;

/// <summary>Counts the passes an algorithm runs and times it.</summary>
internal sealed class CostMeter
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public int Forwards { get; set; }

    public int Backwards { get; set; }

    public AttributionCost Finish() => new(_clock.Elapsed, Forwards, Backwards, Process.GetCurrentProcess().PeakWorkingSet64);
}
