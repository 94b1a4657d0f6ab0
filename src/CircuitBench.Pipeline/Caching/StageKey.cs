using System.Text.Json.Nodes;

namespace CircuitBench.Pipeline.Caching;

/// <summary>
/// What a target's key is made of: the stage's name and schema version, the spec fields it reads (as JSON), the content
/// hashes of its input artifacts by role, and its code version. <see cref="Key"/> is SHA-256 over the canonical JSON of
/// all four, so a change in any of them gives a new key and nothing else does.
/// </summary>
/// <param name="Stage">Stage name (a folder under the cache).</param>
/// <param name="SchemaVersion">Bumped when the stage's own code changes what it writes.</param>
/// <param name="Fields">The spec fields the stage reads.</param>
/// <param name="Inputs">Input role → content hash of that artifact (or of a file the stage reads).</param>
/// <param name="Code">The implementing assemblies' <see cref="CodeVersion"/>.</param>
public sealed record StageKey(string Stage, int SchemaVersion, JsonObject Fields, IReadOnlyDictionary<string, string> Inputs, string Code)
{
    /// <summary>The key inputs as one JSON object (as stored in manifests).</summary>
    public JsonObject ToJson()
    {
        var inputs = new JsonObject();
        foreach (var (role, hash) in Inputs.OrderBy(i => i.Key, StringComparer.Ordinal)) inputs[role] = hash;
        return new JsonObject
        {
            ["stage"] = Stage,
            ["schema"] = SchemaVersion,
            ["fields"] = CanonicalJson.Sorted(Fields),
            ["inputs"] = inputs,
            ["code"] = Code,
        };
    }

    /// <summary>The key: SHA-256 of the canonical JSON of <see cref="ToJson"/>.</summary>
    public string Key => ContentHash.Of(CanonicalJson.Write(ToJson()));

    /// <summary>
    /// What differs from <paramref name="previous"/> key inputs (from an earlier manifest), one readable line each:
    /// schema, code version, each changed field (old → new) and each changed input.
    /// </summary>
    public IReadOnlyList<string> Differences(JsonObject previous)
    {
        var now = ToJson();
        var lines = new List<string>();
        if (CanonicalJson.Write(previous["schema"]) != CanonicalJson.Write(now["schema"]))
            lines.Add($"schema version {previous["schema"]} → {now["schema"]}");
        if (CanonicalJson.Write(previous["code"]) != CanonicalJson.Write(now["code"]))
            lines.Add($"code version {Short(previous["code"])} → {Short(now["code"])} (the implementing assemblies changed)");
        lines.AddRange(Changed("field", previous["fields"] as JsonObject, now["fields"] as JsonObject, CanonicalJson.Write));
        lines.AddRange(Changed("input", previous["inputs"] as JsonObject, now["inputs"] as JsonObject, Short));
        return lines;
    }

    private static IEnumerable<string> Changed(string what, JsonObject? before, JsonObject? after, Func<JsonNode?, string> show)
    {
        var names = (before?.Select(p => p.Key) ?? []).Union(after?.Select(p => p.Key) ?? []).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var (old, now) = (before?[name], after?[name]);
            if (CanonicalJson.Write(old) == CanonicalJson.Write(now)) continue;
            yield return before is null || !before.ContainsKey(name) ? $"{what} '{name}' added ({show(now)})"
                : after is null || !after.ContainsKey(name) ? $"{what} '{name}' removed (was {show(old)})"
                : $"{what} '{name}' changed: {show(old)} → {show(now)}";
        }
    }

    private static string Short(JsonNode? node) => node?.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? node.GetValue<string>() is { Length: 64 } hash ? hash[..12] : node.GetValue<string>()
        : CanonicalJson.Write(node);
}
