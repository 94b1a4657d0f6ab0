using System.Security.Cryptography;
using System.Text;

namespace CircuitBench.Pipeline.Caching;

/// <summary>Lowercase hex SHA-256 of bytes, text, files and file sets.</summary>
public static class ContentHash
{
    /// <summary>SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>SHA-256 of <paramref name="text"/> as UTF-8.</summary>
    public static string Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    /// <summary>SHA-256 of a file's bytes.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// One hash for a set of named hashes: SHA-256 over the lines <c>name\thash\n</c> in ordinal name order, so it
    /// depends on the names and contents only, never on the order files were written.
    /// </summary>
    public static string OfSet(IEnumerable<KeyValuePair<string, string>> named) =>
        Of(string.Concat(named.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}\t{p.Value}\n")));
}
