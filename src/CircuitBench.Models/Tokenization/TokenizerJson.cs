using System.Text;
using System.Text.Json;

namespace CircuitBench.Models.Tokenization;

/// <summary>JSON helpers shared by the vocab.json and tokenizer.json readers; errors name file and field.</summary>
internal static class TokenizerJson
{
    /// <summary>Parses <paramref name="path"/> (UTF-8, with or without a byte order mark), whose root must be a JSON object.</summary>
    public static JsonDocument ParseObjectFile(string path)
    {
        JsonDocument document;
        try
        {
            var bytes = File.ReadAllBytes(path).AsMemory();
            var json = bytes.Span.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"'{path}' is not valid JSON: {e.Message}", e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw new TokenizerFormatException($"'{path}' must hold a JSON object, found {kind}.");
        }
        return document;
    }

    /// <summary>Reads a token → id object (vocab.json, or tokenizer.json's model.vocab).</summary>
    public static List<KeyValuePair<string, int>> ReadVocabulary(JsonElement vocab, string path, string field)
    {
        if (vocab.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerFormatException($"'{path}': {field} must be an object mapping tokens to ids, found {vocab.ValueKind}.");
        }
        var entries = new List<KeyValuePair<string, int>>();
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id))
            {
                throw new TokenizerFormatException(
                    $"'{path}': {field} maps '{entry.Name}' to {entry.Value.GetRawText()}, which is not a 32-bit integer id.");
            }
            entries.Add(new(entry.Name, id));
        }
        return entries;
    }

    /// <summary>The property <paramref name="name"/>, or null when it is absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
