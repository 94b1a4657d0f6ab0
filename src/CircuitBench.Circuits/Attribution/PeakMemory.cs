using System.Diagnostics;

namespace CircuitBench.Circuits.Attribution;

/// <summary>
/// The process's peak resident memory over one run: on Linux, <see cref="Restart"/> resets the kernel's high-water mark
/// (<c>/proc/self/clear_refs</c>, value 5) so that <see cref="Bytes"/> is the peak since the run started, not since the
/// process did (a sweep runs many cells in one process). Where that is unavailable, the process's peak so far.
/// </summary>
public static class PeakMemory
{
    private const string ClearRefs = "/proc/self/clear_refs";

    /// <summary>Starts a new high-water mark at the current resident size, where the OS allows it.</summary>
    public static void Restart()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            File.WriteAllText(ClearRefs, "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A kernel without the reset (before 4.0) or a sandbox that forbids it: the process peak remains.
        }
    }

    /// <summary>Peak resident bytes since the last <see cref="Restart"/> (or since the process started).</summary>
    public static long Bytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
