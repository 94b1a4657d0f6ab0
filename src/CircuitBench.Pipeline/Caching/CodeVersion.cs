using System.Reflection;

namespace CircuitBench.Pipeline.Caching;

/// <summary>
/// The code version of a stage: SHA-256 over the names and file hashes of the assemblies that implement it. Builds are
/// deterministic (<c>Deterministic</c>, <c>ContinuousIntegrationBuild</c>), so the same source gives the same version.
/// </summary>
public static class CodeVersion
{
    private static readonly Dictionary<string, string> FileHashes = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The version of the assemblies defining <paramref name="types"/>.</summary>
    public static string Of(params Type[] types) => Of(types.Select(t => t.Assembly).Distinct());

    /// <summary>The version of <paramref name="assemblies"/>.</summary>
    public static string Of(IEnumerable<Assembly> assemblies) =>
        ContentHash.OfSet(assemblies.Distinct().Select(a => KeyValuePair.Create(a.GetName().Name ?? a.FullName ?? "?", HashOf(a))));

    private static string HashOf(Assembly assembly)
    {
        var location = assembly.Location;
        if (string.IsNullOrEmpty(location)) return assembly.ManifestModule.ModuleVersionId.ToString("N");
        lock (Gate)
        {
            if (!FileHashes.TryGetValue(location, out var hash)) FileHashes[location] = hash = ContentHash.OfFile(location);
            return hash;
        }
    }
}
