using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace CircuitBench.Pipeline.Caching;

/// <summary>
/// The code version of a stage: SHA-256 over the code of the assemblies that implement it — per assembly its
/// identifier (#Strings) and literal (#US) heaps, every method's signature and IL body, and every field's signature.
/// Attribute values are left out on purpose: the SDK writes the git commit into
/// <see cref="AssemblyInformationalVersionAttribute"/>, which would make every commit look like a code change (and the
/// MVID and PE checksums derive from it). Builds are deterministic, so the same source gives the same version.
/// </summary>
public static class CodeVersion
{
    private static readonly Dictionary<string, string> Hashes = new(StringComparer.Ordinal);
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
            if (!Hashes.TryGetValue(location, out var hash)) Hashes[location] = hash = HashCode(location);
            return hash;
        }
    }

    /// <summary>SHA-256 of an assembly file's code (see the class summary).</summary>
    public static string HashCode(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var block = pe.GetMetadata().GetContent();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var heap in new[] { HeapIndex.String, HeapIndex.UserString })
            sha.AppendData(block.AsSpan(reader.GetHeapMetadataOffset(heap), reader.GetHeapSize(heap)));
        foreach (var handle in reader.MethodDefinitions)
        {
            var method = reader.GetMethodDefinition(handle);
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(reader.GetString(method.Name)));
            sha.AppendData(reader.GetBlobBytes(method.Signature));
            if (method.RelativeVirtualAddress != 0) sha.AppendData(pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes() ?? []);
        }
        foreach (var handle in reader.FieldDefinitions)
            sha.AppendData(reader.GetBlobBytes(reader.GetFieldDefinition(handle).Signature));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
