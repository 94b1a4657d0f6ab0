using System.Security.Cryptography;

namespace CircuitBench.Models.Snapshots;

/// <summary>SHA-256 of a file, read sequentially in 1 MiB blocks (memory use does not grow with the file).</summary>
internal static class FileHash
{
    /// <summary>The lowercase hex SHA-256 of the file's bytes.</summary>
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
