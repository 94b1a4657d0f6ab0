using System.Diagnostics;

namespace CircuitBench.Circuits.Attribution;

/// <summary>Counts the passes an algorithm runs, times it and takes its peak memory (<see cref="PeakMemory"/>).</summary>
internal sealed class CostMeter
{
    private readonly Stopwatch _clock;

    public CostMeter()
    {
        PeakMemory.Restart();
        _clock = Stopwatch.StartNew();
    }

    public int Forwards { get; set; }

    public int Backwards { get; set; }

    public AttributionCost Finish() => new(_clock.Elapsed, Forwards, Backwards, PeakMemory.Bytes());
}
