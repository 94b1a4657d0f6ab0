using System.Security.Cryptography;

namespace CircuitBench.Tasks.Datasets;

/// <summary>
/// The SHA-256 that identifies a dataset downstream (every stage key includes it): lowercase hex of the file's bytes,
/// the same value <see cref="Circuits.Data.PromptDataset.Sha256"/> reports after reading the file.
/// </summary>
public static class DatasetHash
{
    /// <summary>Lowercase hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Lowercase hex SHA-256 of the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string OfFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"Dataset file '{full}' does not exist.", full);
        using var stream = File.OpenRead(full);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
