using System.Text.Json.Nodes;

namespace CircuitBench.Pipeline.Caching;

/// <summary>
/// <c>manifest.json</c> of a cache entry: the target, its key and key inputs, the SHA-256 of every output file, the
/// content hash (over the outputs that are not volatile; what downstream keys read), the volatile files (timings,
/// logs), the build timings and versions.
/// </summary>
/// <param name="Target">The target's id (stage/cell-specific name).</param>
/// <param name="Key">The stage key.</param>
/// <param name="KeyInputs">What the key was computed from (<see cref="StageKey.ToJson"/>).</param>
/// <param name="Outputs">Relative path → SHA-256 of every output file.</param>
/// <param name="Volatile">Outputs left out of <see cref="ContentHash"/> (their bytes vary from build to build).</param>
/// <param name="ContentHash">Hash of the non-volatile outputs (<see cref="Caching.ContentHash.OfSet"/>).</param>
/// <param name="Seconds">Build wall time.</param>
/// <param name="Versions">CircuitBench and .NET versions.</param>
/// <param name="Created">UTC time the entry was built (ISO 8601).</param>
public sealed record Manifest(string Target, string Key, JsonObject KeyInputs, IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyList<string> Volatile, string ContentHash, double Seconds, IReadOnlyDictionary<string, string> Versions, string Created)
{
    /// <summary>The file name inside every entry.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The manifest as indented JSON.</summary>
    public string ToJson()
    {
        var outputs = new JsonObject();
        foreach (var (path, hash) in Outputs.OrderBy(o => o.Key, StringComparer.Ordinal)) outputs[path] = hash;
        var versions = new JsonObject();
        foreach (var (name, value) in Versions.OrderBy(v => v.Key, StringComparer.Ordinal)) versions[name] = value;
        var json = new JsonObject
        {
            ["target"] = Target,
            ["key"] = Key,
            ["key_inputs"] = CanonicalJson.Sorted(KeyInputs),
            ["outputs"] = outputs,
            ["volatile"] = new JsonArray([.. Volatile.Order(StringComparer.Ordinal).Select(v => JsonValue.Create(v))]),
            ["content_hash"] = ContentHash,
            ["timings"] = new JsonObject { ["build_seconds"] = Math.Round(Seconds, 3) },
            ["versions"] = versions,
            ["created"] = Created,
        };
        return json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Parses a manifest; a malformed one is an <see cref="InvalidDataException"/> (the entry counts as damaged).</summary>
    public static Manifest Parse(string json)
    {
        try
        {
            var root = JsonNode.Parse(json)!.AsObject();
            return new Manifest(
                root["target"]!.GetValue<string>(),
                root["key"]!.GetValue<string>(),
                root["key_inputs"]!.AsObject(),
                root["outputs"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal),
                [.. root["volatile"]!.AsArray().Select(v => v!.GetValue<string>())],
                root["content_hash"]!.GetValue<string>(),
                root["timings"]!["build_seconds"]!.GetValue<double>(),
                root["versions"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal),
                root["created"]!.GetValue<string>());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or KeyNotFoundException)
        {
            throw new InvalidDataException($"manifest.json is malformed: {e.Message}", e);
        }
    }
}
