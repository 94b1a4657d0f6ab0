using System.Text.Json;

namespace CircuitBench.Models.Snapshots;

/// <summary>
/// Strict, typed access to the fields of a JSON object read from <see cref="FilePath"/>: a missing
/// required field or a value of the wrong type is a <see cref="SnapshotException"/> naming the file and
/// the field.
/// </summary>
internal readonly record struct JsonFields(string FilePath, JsonElement Element, string Prefix = "")
{
    /// <summary>Parses <paramref name="path"/> as a JSON document whose root is an object.</summary>
    public static JsonDocument ParseObjectFile(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"'{path}' is not valid JSON: {e.Message}", e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new SnapshotException($"'{path}' must hold a JSON object, found {document.RootElement.ValueKind}.");
        }
        return document;
    }

    /// <summary>True when the field is present (even when null).</summary>
    public bool Has(string name) => Element.TryGetProperty(name, out _);

    /// <summary>A required string field.</summary>
    public string String(string name) =>
        OptionalString(name) ?? throw Missing(name, "a string");

    /// <summary>A string field, or null when absent or null.</summary>
    public string? OptionalString(string name) => Value(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString()!,
        { } value => throw WrongType(name, "a string", value),
    };

    /// <summary>A required integer field.</summary>
    public int Int(string name) => OptionalInt(name) ?? throw Missing(name, "an integer");

    /// <summary>An integer field, or null when absent or null.</summary>
    public int? OptionalInt(string name) => Value(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        { } value => throw WrongType(name, "an integer", value),
    };

    /// <summary>A number field read as float32, or null when absent or null.</summary>
    public float? OptionalFloat(string name) => Value(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetSingle(out var number) && float.IsFinite(number) => number,
        { } value => throw WrongType(name, "a finite number", value),
    };

    /// <summary>A boolean field, or null when absent or null.</summary>
    public bool? OptionalBool(string name) => Value(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { } value => throw WrongType(name, "true or false", value),
    };

    /// <summary>A required object field, for nested access.</summary>
    public JsonFields Object(string name) => Value(name) switch
    {
        null => throw Missing(name, "an object"),
        { ValueKind: JsonValueKind.Object } value => new JsonFields(FilePath, value, $"{Prefix}{name}."),
        { } value => throw WrongType(name, "an object", value),
    };

    /// <summary>
    /// The properties of this object in file order, with duplicates reported: JSON parsers disagree on
    /// which duplicate wins, so a file relying on one is refused.
    /// </summary>
    public IEnumerable<JsonProperty> Properties()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in Element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw Error(property.Name, "appears twice; each key must be unique.");
            }
            yield return property;
        }
    }

    /// <summary>A string-valued property, or an error naming it.</summary>
    public string StringValue(JsonProperty property) => property.Value.ValueKind == JsonValueKind.String
        ? property.Value.GetString()!
        : throw WrongType(property.Name, "a string", property.Value);

    /// <summary>An error about field <paramref name="name"/> of this file.</summary>
    public SnapshotException Error(string name, string problem) =>
        new($"'{FilePath}': field '{Prefix}{name}' {problem}");

    private JsonElement? Value(string name) =>
        Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private SnapshotException Missing(string name, string expected) =>
        Error(name, $"is missing; it must be {expected}.");

    private SnapshotException WrongType(string name, string expected, JsonElement value) =>
        Error(name, $"must be {expected}, found {value.GetRawText()}.");
}
