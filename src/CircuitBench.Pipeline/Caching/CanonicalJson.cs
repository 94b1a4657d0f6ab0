using System.Text.Json;
using System.Text.Json.Nodes;

namespace CircuitBench.Pipeline.Caching;

/// <summary>
/// Canonical JSON: object keys in ordinal order at every depth, no whitespace, numbers as System.Text.Json writes them
/// (shortest round-trip form). Equal values give equal text, so the text can be hashed.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The canonical text of <paramref name="node"/>.</summary>
    public static string Write(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, node);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A deep copy of <paramref name="node"/> with sorted keys (for writing into manifests).</summary>
    public static JsonNode? Sorted(JsonNode? node) => JsonNode.Parse(Write(node));

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
