using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CircuitBench.Tasks.Datasets;

/// <summary>
/// Writes a <see cref="TaskDataset"/> as auto-circuit's dataset JSON, which <see cref="Circuits.Data.DatasetReader"/> reads:
/// <code>
/// {"task": "ioi", "seed": 0, "prompts": [
///   {"clean": ..., "corrupt": ..., "answers": [...], "wrong_answers": [...], "label": "BABA"},
///   ...
/// ]}
/// </code>
/// Text fields stay text and id fields arrays of integers; <c>label</c> is left out when null. One prompt per line, keys
/// in a fixed order, UTF-8 without BOM, a final newline: the same dataset always gives the same bytes (and SHA-256).
/// </summary>
public static class DatasetJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The dataset's JSON bytes.</summary>
    public static byte[] Serialize(TaskDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var buffer = new MemoryStream();
        Write(buffer, "{\"task\": ");
        WriteValue(buffer, json => json.WriteStringValue(dataset.Task));
        Write(buffer, ", \"seed\": ");
        WriteValue(buffer, json => json.WriteNumberValue(dataset.Seed));
        Write(buffer, ", \"prompts\": [");
        for (var i = 0; i < dataset.Prompts.Count; i++)
        {
            Write(buffer, i == 0 ? "\n  " : ",\n  ");
            var prompt = dataset.Prompts[i];
            WriteValue(buffer, json => WritePrompt(json, prompt));
        }
        Write(buffer, "\n]}\n");
        return buffer.ToArray();
    }

    /// <summary>Writes the dataset to <paramref name="path"/> atomically (temporary file, then rename) and returns the file's SHA-256.</summary>
    public static string WriteFile(string path, TaskDataset dataset)
    {
        var bytes = Serialize(dataset);
        AtomicFile.Write(path, bytes);
        return DatasetHash.Of(bytes);
    }

    private static void WritePrompt(Utf8JsonWriter json, TaskPrompt prompt)
    {
        json.WriteStartObject();
        json.WritePropertyName("clean");
        WriteField(json, prompt.Clean);
        json.WritePropertyName("corrupt");
        WriteField(json, prompt.Corrupt);
        json.WritePropertyName("answers");
        WriteAnswers(json, prompt.Answers);
        json.WritePropertyName("wrong_answers");
        WriteAnswers(json, prompt.WrongAnswers);
        if (prompt.Label is { } label) json.WriteString("label", label);
        json.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter json, PromptValue value)
    {
        if (value.Text is { } text)
        {
            json.WriteStringValue(text);
            return;
        }
        json.WriteStartArray();
        foreach (var id in value.Ids!) json.WriteNumberValue(id);
        json.WriteEndArray();
    }

    private static void WriteAnswers(Utf8JsonWriter json, IReadOnlyList<AnswerValue> answers)
    {
        json.WriteStartArray();
        foreach (var answer in answers)
        {
            if (answer.Text is { } text) json.WriteStringValue(text);
            else json.WriteNumberValue(answer.Id!.Value);
        }
        json.WriteEndArray();
    }

    private static void WriteValue(MemoryStream buffer, Action<Utf8JsonWriter> write)
    {
        using var json = new Utf8JsonWriter(buffer, Compact);
        write(json);
    }

    private static void Write(MemoryStream buffer, string text) => buffer.Write(Encoding.UTF8.GetBytes(text));
}
