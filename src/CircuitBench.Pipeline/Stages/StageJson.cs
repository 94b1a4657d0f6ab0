using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CircuitBench.Pipeline.Caching;

namespace CircuitBench.Pipeline.Stages;

/// <summary>JSON helpers for stage outputs: deterministic bytes (sorted keys, indented, non-finite numbers as null).</summary>
internal static class StageJson
{
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    public static double ReadNumber(JsonNode? node) => node is null ? double.NaN : node.GetValue<double>();

    /// <summary>Writes <paramref name="node"/> with sorted keys, indented, ending in a newline.</summary>
    public static void Write(string path, JsonNode node) =>
        File.WriteAllText(path, JsonNode.Parse(CanonicalJson.Write(node))!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", new UTF8Encoding(false));

    public static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    /// <summary>A record or any object as a JSON node (its runtime type's public properties).</summary>
    public static JsonNode? Of(object value) => JsonSerializer.SerializeToNode(value, value.GetType());
}
