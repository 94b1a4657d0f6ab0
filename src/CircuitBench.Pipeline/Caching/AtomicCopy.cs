namespace CircuitBench.Pipeline.Caching;

/// <summary>Copies a file so that readers of the destination see the old file or the complete new one (temporary file beside it, then renamed over).</summary>
internal static class AtomicCopy
{
    public static void Copy(string source, string destination)
    {
        var temp = $"{destination}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.Copy(source, temp);
            File.Move(temp, destination, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
