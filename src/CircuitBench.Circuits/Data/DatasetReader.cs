using System.Security.Cryptography;
using System.Text.Json;
using CircuitBench.Models.Tokenization;

namespace CircuitBench.Circuits.Data;

/// <summary>
/// Reads auto-circuit's dataset JSON:
/// <c>{"prompts": [{"clean": ..., "corrupt": ..., "answers": [...], "wrong_answers": [...]}, ...]}</c>.
/// <list type="bullet">
/// <item><c>clean</c> and <c>corrupt</c>: text, tokenized with the model's tokenizer (BOS per
/// <see cref="DatasetReadOptions.PrependBos"/>), or an array of token ids used exactly as given (no BOS added).</item>
/// <item><c>answers</c> (at least one) and <c>wrong_answers</c> (may be empty): arrays whose items are token ids
/// (integers) or text. A text answer is tokenized without BOS and must be one token; one of several tokens is cut to
/// its first token with a warning (GPT-2 answers usually carry their leading space, e.g. <c>" Mary"</c>), or refused
/// with <see cref="MultiTokenAnswers.Error"/>.</item>
/// </list>
/// Other keys are ignored. Every error names the prompt index and the field.
/// </summary>
public static class DatasetReader
{
    /// <summary>Reads and checks the dataset file at <paramref name="path"/>.</summary>
    /// <exception cref="DatasetFormatException">The file is not a usable dataset; the message says where and why.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PromptDataset Read(string path, DatasetReadOptions options)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"Dataset file '{fullPath}' does not exist.", fullPath);
        var bytes = File.ReadAllBytes(fullPath);
        return Parse(bytes, fullPath, options);
    }

    /// <summary>Parses dataset JSON held in <paramref name="utf8"/>; <paramref name="name"/> stands for the file in messages.</summary>
    /// <exception cref="DatasetFormatException">The data is not a usable dataset.</exception>
    public static PromptDataset Parse(byte[] utf8, string name, DatasetReadOptions options)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(name, null, null, $"not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("prompts", out var prompts))
                throw new DatasetFormatException(name, null, "prompts", "expected an object with a 'prompts' array at the top level.");
            if (prompts.ValueKind != JsonValueKind.Array)
                throw new DatasetFormatException(name, null, "prompts", $"expected an array, got {Kind(prompts)}.");
            var warnings = new List<string>();
            var tokens = new PromptTokens(name, options, warnings);
            var read = prompts.EnumerateArray().Select((element, index) => tokens.Prompt(element, index)).ToArray();
            return new PromptDataset(name, Convert.ToHexStringLower(SHA256.HashData(utf8)), read, warnings);
        }
    }

    /// <summary>A JSON value's kind as a reader would say it.</summary>
    internal static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Turns one dataset's JSON values into token ids, collecting warnings.</summary>
    private sealed class PromptTokens(string name, DatasetReadOptions options, List<string> warnings)
    {
        public DatasetPrompt Prompt(JsonElement element, int index)
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw new DatasetFormatException(name, index, null, $"expected an object with clean, corrupt, answers and wrong_answers, got {Kind(element)}.");
            JsonElement Field(string key) => element.TryGetProperty(key, out var value)
                ? value
                : throw new DatasetFormatException(name, index, key, "missing.");
            var answers = Answers(Field("answers"), index, "answers");
            if (answers.Length == 0) throw new DatasetFormatException(name, index, "answers", "needs at least one correct answer.");
            return new DatasetPrompt(index, Sequence(Field("clean"), index, "clean"), Sequence(Field("corrupt"), index, "corrupt"),
                answers, Answers(Field("wrong_answers"), index, "wrong_answers"));
        }

        private int[] Sequence(JsonElement value, int index, string field)
        {
            var ids = value.ValueKind switch
            {
                JsonValueKind.String => Encode(value.GetString()!, index, field),
                JsonValueKind.Array => value.EnumerateArray().Select((item, i) => Id(item, index, $"{field}[{i}]")).ToArray(),
                _ => throw new DatasetFormatException(name, index, field, $"expected text or an array of token ids, got {Kind(value)}."),
            };
            if (ids.Length == 0) throw new DatasetFormatException(name, index, field, "has no tokens.");
            if (ids.Length > options.ContextLength)
                throw new DatasetFormatException(name, index, field, $"{ids.Length} tokens exceed the model's context of {options.ContextLength}.");
            return ids;
        }

        private int[] Encode(string text, int index, string field)
        {
            var tokenizer = Tokenizer(index, field);
            var bos = options.PrependBos ?? tokenizer.BosTokenId is not null;
            if (text.Length == 0 && !bos) return [];
            return PromptBatch.Encode(tokenizer, [text], bos).Ids.Select(id => InVocabulary(id, index, field)).ToArray();
        }

        private int[] Answers(JsonElement value, int index, string field)
        {
            if (value.ValueKind != JsonValueKind.Array)
                throw new DatasetFormatException(name, index, field, $"expected an array of answers (token ids or text), got {Kind(value)}.");
            return value.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.String
                ? AnswerToken(item.GetString()!, index, $"{field}[{i}]")
                : Id(item, index, $"{field}[{i}]")).ToArray();
        }

        private int AnswerToken(string text, int index, string field)
        {
            var ids = Tokenizer(index, field).Encode(text);
            if (ids.Length == 0) throw new DatasetFormatException(name, index, field, $"'{text}' is not a single token (it encodes to no tokens).");
            if (ids.Length > 1)
            {
                var problem = $"'{text}' is not a single token (it encodes to {ids.Length} tokens: {string.Join(", ", ids)})";
                if (options.MultiTokenAnswers == MultiTokenAnswers.Error) throw new DatasetFormatException(name, index, field, problem + ".");
                warnings.Add($"prompt {index}, field '{field}': {problem}; using its first token {ids[0]}.");
            }
            return InVocabulary(ids[0], index, field);
        }

        private int Id(JsonElement item, int index, string field)
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var id))
                throw new DatasetFormatException(name, index, field, $"expected an integer token id, got {(item.ValueKind == JsonValueKind.Number ? item.GetRawText() : Kind(item))}.");
            return InVocabulary(id, index, field);
        }

        private int InVocabulary(int id, int index, string field) => (uint)id < (uint)options.VocabularySize
            ? id
            : throw new DatasetFormatException(name, index, field, $"token id {id} is outside the vocabulary of {options.VocabularySize}.");

        private Gpt2Tokenizer Tokenizer(int index, string field) => options.Tokenizer
            ?? throw new DatasetFormatException(name, index, field,
                "is text, but the model has no tokenizer (tokenizer.json, or vocab.json and merges.txt); give token ids instead.");
    }
}
