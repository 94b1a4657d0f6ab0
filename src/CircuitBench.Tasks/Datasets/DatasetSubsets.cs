using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CircuitBench.Circuits.Data;

namespace CircuitBench.Tasks.Datasets;

/// <summary>
/// Train/validation splits and subsamples of any auto-circuit dataset file, chosen by seed. Each prompt's JSON is kept
/// exactly as it was, in its original relative order; other top-level keys are kept too, so a subset is itself a dataset
/// file with its own SHA-256. The chosen prompts are the first ones of <see cref="SeededOrder.Permutation"/>(n, seed).
/// </summary>
public static class DatasetSubsets
{
    /// <summary>
    /// Splits the dataset in <paramref name="json"/> into a training part and a validation part of
    /// round(<paramref name="validationFraction"/> · n) prompts (at least one each).
    /// </summary>
    /// <exception cref="DatasetFormatException">The data is not a dataset object with a prompts array, or too small to split.</exception>
    public static (byte[] Train, byte[] Validation) Split(byte[] json, string name, double validationFraction, ulong seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must lie strictly between 0 and 1.");
        return WithPrompts(json, name, (prompts, write) =>
        {
            if (prompts.Count < 2) throw new DatasetFormatException(name, null, "prompts", $"{prompts.Count} prompt(s) cannot be split into a training and a validation part.");
            var validation = Math.Clamp((int)Math.Round(validationFraction * prompts.Count, MidpointRounding.AwayFromZero), 1, prompts.Count - 1);
            var order = SeededOrder.Permutation(prompts.Count, seed);
            var chosen = order.Take(validation).ToHashSet();
            var trainIndices = Enumerable.Range(0, prompts.Count).Where(i => !chosen.Contains(i)).ToArray();
            var validationIndices = Enumerable.Range(0, prompts.Count).Where(chosen.Contains).ToArray();
            return (write(trainIndices), write(validationIndices));
        });
    }

    /// <summary><paramref name="count"/> prompts of the dataset in <paramref name="json"/>, chosen by <paramref name="seed"/>.</summary>
    /// <exception cref="DatasetFormatException">The data is not a dataset, or holds fewer than <paramref name="count"/> prompts.</exception>
    public static byte[] Subsample(byte[] json, string name, int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return WithPrompts(json, name, (prompts, write) =>
        {
            if (count > prompts.Count) throw new DatasetFormatException(name, null, "prompts", $"asked for {count} prompts but the dataset has only {prompts.Count}.");
            var chosen = SeededOrder.Permutation(prompts.Count, seed).Take(count).Order().ToArray();
            return write(chosen);
        });
    }

    private static T WithPrompts<T>(byte[] json, string name, Func<IReadOnlyList<JsonElement>, Func<int[], byte[]>, T> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(name, null, null, $"not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("prompts", out var prompts) || prompts.ValueKind != JsonValueKind.Array)
                throw new DatasetFormatException(name, null, "prompts", "expected an object with a 'prompts' array at the top level.");
            var items = prompts.EnumerateArray().ToArray();
            return body(items, indices => Write(root, items, indices));
        }
    }

    private static byte[] Write(JsonElement root, JsonElement[] prompts, int[] indices)
    {
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var buffer = new MemoryStream();
        void Text(string text) => buffer.Write(Encoding.UTF8.GetBytes(text));
        void Json(Action<Utf8JsonWriter> write)
        {
            using var json = new Utf8JsonWriter(buffer, options);
            write(json);
        }
        Text("{");
        foreach (var property in root.EnumerateObject().Where(p => p.Name != "prompts"))
        {
            Json(json => json.WriteStringValue(property.Name));
            Text(": ");
            Json(property.Value.WriteTo);
            Text(", ");
        }
        Text("\"prompts\": [");
        for (var i = 0; i < indices.Length; i++)
        {
            Text(i == 0 ? "\n  " : ",\n  ");
            Json(prompts[indices[i]].WriteTo);
        }
        Text("\n]}\n");
        return buffer.ToArray();
    }
}
