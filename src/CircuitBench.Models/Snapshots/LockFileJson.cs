using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBench.Models.Snapshots;

/// <summary>
/// The lock file format: <c>{"models": {REFERENCE: {"commit", "files": {PATH: SHA256}, "id", "revision"}}, "version": 1}</c>,
/// every object's keys sorted ordinally, two-space indent, "\n" line ends.
/// </summary>
internal static class LockFileJson
{
    public const int Version = 1;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NewLine = "\n" };

    /// <summary>The entries of the lock file at <paramref name="path"/>, by reference.</summary>
    public static SortedDictionary<string, LockedModel> Read(string path)
    {
        using var document = JsonFields.ParseObjectFile(path);
        var root = new JsonFields(path, document.RootElement);
        if (root.OptionalInt("version") is not Version)
        {
            throw root.Error("version", $"must be {Version}; this lock file was written by another CircuitBench version or by hand.");
        }
        var models = root.Object("models");
        var entries = new SortedDictionary<string, LockedModel>(StringComparer.Ordinal);
        foreach (var property in models.Properties())
        {
            var model = models.Object(property.Name);
            var files = model.Object("files");
            var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files.Properties())
            {
                var hash = files.StringValue(file);
                if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
                {
                    throw files.Error(file.Name, $"must be a lowercase hex SHA-256 (64 digits), found '{hash}'.");
                }
                hashes.Add(file.Name, hash);
            }
            entries.Add(property.Name, new LockedModel(
                property.Name, model.String("id"), model.OptionalString("revision"), model.OptionalString("commit"), hashes));
        }
        return entries;
    }

    /// <summary>The lock file's text for <paramref name="entries"/>.</summary>
    public static string Serialize(IEnumerable<LockedModel> entries)
    {
        var models = new JsonObject(entries
            .OrderBy(entry => entry.Reference, StringComparer.Ordinal)
            .Select(entry => KeyValuePair.Create<string, JsonNode?>(entry.Reference, new JsonObject
            {
                ["commit"] = entry.Commit,
                ["files"] = new JsonObject(entry.Files
                    .OrderBy(file => file.Key, StringComparer.Ordinal)
                    .Select(file => KeyValuePair.Create<string, JsonNode?>(file.Key, file.Value))),
                ["id"] = entry.Id,
                ["revision"] = entry.Revision,
            })));
        var root = new JsonObject { ["models"] = models, ["version"] = Version };
        return root.ToJsonString(Indented) + "\n";
    }
}
