using System.Runtime.InteropServices;
using CircuitBench.Circuits.Attribution;

namespace CircuitBench.Circuits.Tests.Attribution;

/// <summary>Tests that measure the process's resident memory: they run alone.</summary>
[CollectionDefinition(nameof(ProcessMemoryCollection), DisableParallelization = true)]
public sealed class ProcessMemoryCollection;

/// <summary>A run's peak memory starts from the run, not from the process (a sweep runs many cells in one process).</summary>
[Collection(nameof(ProcessMemoryCollection))]
public sealed class PeakMemoryTests
{
    private const long Big = 256L << 20;

    [Fact]
    public void A_restart_forgets_an_earlier_peak_and_a_later_one_is_seen()
    {
        PeakMemory.Restart();
        var before = PeakMemory.Bytes();
        var block = Marshal.AllocHGlobal((nint)Big);                                     // native: given back to the OS when freed
        try
        {
            for (long at = 0; at < Big; at += 4096) Marshal.WriteByte(block, (int)at, 1);
            var high = PeakMemory.Bytes();
            Assert.True(high >= before + Big * 3 / 4, $"peak {high >> 20} MB did not see the {Big >> 20} MB block (before: {before >> 20} MB)");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
        var afterFree = PeakMemory.Bytes();
        PeakMemory.Restart();
        var restarted = PeakMemory.Bytes();
        if (OperatingSystem.IsLinux())
            Assert.True(restarted <= afterFree - Big / 2, $"after a restart the peak is {restarted >> 20} MB, still near the earlier {afterFree >> 20} MB");
        else
            Assert.True(restarted >= afterFree);                                          // no reset elsewhere: the process peak so far
    }
}
