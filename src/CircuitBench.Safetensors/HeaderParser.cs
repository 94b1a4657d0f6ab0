using System.Text.Json;
using System.Text.Unicode;

namespace CircuitBench.Safetensors;

/// <summary>The JSON header, validated entry by entry: tensors in header order, and the metadata map.</summary>
internal sealed record ParsedHeader(IReadOnlyList<TensorEntry> Tensors, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Parses and validates the JSON header: an object mapping each tensor name to
/// <c>{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}</c>, plus an optional
/// <c>"__metadata__"</c> map of string to string. Checks each entry on its own (dtype, shape,
/// offsets, byte size); how the entries fit together is <see cref="LayoutValidator"/>'s job.
/// </summary>
internal static class HeaderParser
{
    private static readonly string[] EntryKeys = ["dtype", "shape", "data_offsets"];

    public static ParsedHeader Parse(string path, ReadOnlySpan<byte> header)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
        {
            var found = header.Length == 0 ? "an empty header" : $"byte 0x{header[0]:X2}";
            throw new SafetensorsFormatException(path, null,
                $"the header must be a JSON object starting with '{{' right after the 8-byte length, but found {found}.");
        }
        if (!Utf8.IsValid(header))
        {
            throw new SafetensorsFormatException(path, null, "the header is not valid UTF-8.");
        }

        using var document = ParseJson(path, header.ToArray());
        var tensors = new List<TensorEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw property.Name == SafetensorsSpec.MetadataKey
                    ? new SafetensorsFormatException(path, null, $"the header has more than one '{SafetensorsSpec.MetadataKey}'.")
                    : new SafetensorsFormatException(path, property.Name, "the name appears more than once in the header; tensor names must be unique.");
            }
            if (property.Name == SafetensorsSpec.MetadataKey)
            {
                ReadMetadata(path, property.Value, metadata);
            }
            else
            {
                tensors.Add(ReadEntry(path, property.Name, property.Value));
            }
        }
        return new ParsedHeader(tensors, metadata);
    }

    private static JsonDocument ParseJson(string path, byte[] header)
    {
        try
        {
            return JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(path, null,
                $"the header is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of that line): {e.Message}");
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(path, null,
                $"'{SafetensorsSpec.MetadataKey}' must be a map of string to string, but is a JSON {Kind(value)}.");
        }
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafetensorsFormatException(path, null,
                    $"'{SafetensorsSpec.MetadataKey}' must be a map of string to string, but key '{item.Name}' holds a JSON {Kind(item.Value)}; "
                    + "store numbers and lists as strings (e.g. JSON-encoded).");
            }
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw new SafetensorsFormatException(path, null,
                    $"'{SafetensorsSpec.MetadataKey}' has the key '{item.Name}' more than once.");
            }
        }
    }

    private static TensorEntry ReadEntry(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(path, name,
                $"the header entry must be an object {{\"dtype\", \"shape\", \"data_offsets\"}}, but is a JSON {Kind(value)}.");
        }
        foreach (var key in value.EnumerateObject())
        {
            if (!EntryKeys.Contains(key.Name, StringComparer.Ordinal))
            {
                throw new SafetensorsFormatException(path, name,
                    $"unexpected key '{key.Name}' in the header entry; only \"dtype\", \"shape\" and \"data_offsets\" are allowed.");
            }
        }

        var dtype = ReadDType(path, name, Required(path, name, value, "dtype"));
        var shape = ReadShape(path, name, Required(path, name, value, "shape"));
        var (begin, end) = ReadOffsets(path, name, Required(path, name, value, "data_offsets"));
        var count = ElementCount(path, name, shape);
        if (!SafetensorsSpec.TryMultiply(count, dtype.ElementSize(), out var expectedBytes) || expectedBytes != end - begin)
        {
            throw new SafetensorsFormatException(path, name,
                $"data_offsets [{begin}, {end}] span {end - begin} bytes, but shape [{string.Join(", ", shape)}] of {dtype.SpecName()} "
                + $"needs {count} × {dtype.ElementSize()} bytes.");
        }
        return new TensorEntry(name, dtype, shape, begin, end, count);
    }

    private static JsonElement Required(string path, string name, JsonElement entry, string key)
    {
        if (!entry.TryGetProperty(key, out var value))
        {
            throw new SafetensorsFormatException(path, name, $"the header entry has no \"{key}\".");
        }
        var occurrences = entry.EnumerateObject().Count(p => p.Name == key);
        if (occurrences > 1)
        {
            throw new SafetensorsFormatException(path, name, $"the header entry has \"{key}\" {occurrences} times.");
        }
        return value;
    }

    private static SafetensorsDType ReadDType(string path, string name, JsonElement value)
    {
        var isString = value.ValueKind == JsonValueKind.String;
        if (!isString || !SafetensorsDTypes.TryParse(value.GetString()!, out var dtype))
        {
            var shown = isString ? $"'{value.GetString()}'" : value.GetRawText();
            throw new SafetensorsFormatException(path, name,
                $"unknown dtype {shown}; expected one of {string.Join(", ", SafetensorsDTypes.SpecNames)}.");
        }
        return dtype;
    }

    private static long[] ReadShape(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || !AllNonNegativeIntegers(value, out var shape))
        {
            throw new SafetensorsFormatException(path, name,
                $"shape must be a list of non-negative integers, but is {value.GetRawText()}.");
        }
        return shape;
    }

    private static (long Begin, long End) ReadOffsets(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || !AllNonNegativeIntegers(value, out var offsets) || offsets.Length != 2)
        {
            throw new SafetensorsFormatException(path, name,
                $"data_offsets must be [begin, end] with two non-negative integers, but is {value.GetRawText()}.");
        }
        if (offsets[0] > offsets[1])
        {
            throw new SafetensorsFormatException(path, name,
                $"data_offsets [{offsets[0]}, {offsets[1]}] end before they begin; begin must be ≤ end.");
        }
        return (offsets[0], offsets[1]);
    }

    private static bool AllNonNegativeIntegers(JsonElement array, out long[] values)
    {
        values = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
            {
                return false;
            }
            values[i++] = v;
        }
        return true;
    }

    private static long ElementCount(string path, string name, long[] shape)
    {
        if (!SafetensorsSpec.TryElementCount(shape, out var count))
        {
            throw new SafetensorsFormatException(path, name,
                $"shape [{string.Join(", ", shape)}] has more elements than a 64-bit count can hold.");
        }
        return count;
    }

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();
}
