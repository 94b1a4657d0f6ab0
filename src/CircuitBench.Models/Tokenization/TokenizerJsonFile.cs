using System.Text.Json;

namespace CircuitBench.Models.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> whose model is byte-level BPE, as GPT-2's is:
/// <c>model</c> of type BPE (merges as "a b" strings or ["a", "b"] pairs), <c>added_tokens</c>, and
/// the pipeline checked by <see cref="TokenizerJsonPipeline"/>. Every added token is treated as a
/// special token: it is matched in text only when the caller allows special tokens.
/// </summary>
internal static class TokenizerJsonFile
{
    public static TokenizerDefinition Read(string path)
    {
        using var document = TokenizerJson.ParseObjectFile(path);
        var root = document.RootElement;
        TokenizerJsonPipeline.Check(root, path);

        var model = TokenizerJson.Optional(root, "model") ?? throw Unsupported(path, "model", "is missing");
        if (model.ValueKind != JsonValueKind.Object)
        {
            throw Unsupported(path, "model", $"must be an object, found {model.ValueKind}");
        }
        CheckModelOptions(model, path);
        var vocab = TokenizerJson.Optional(model, "vocab") ?? throw Unsupported(path, "model.vocab", "is missing");
        return new TokenizerDefinition(
            $"'{path}'",
            TokenizerJson.ReadVocabulary(vocab, path, "model.vocab"),
            ReadMerges(model, path),
            ReadAddedTokens(root, path));
    }

    internal static TokenizerFormatException Unsupported(string path, string field, string problem) =>
        new($"'{path}': field '{field}' {problem}; CircuitBench reads GPT-2-style byte-level BPE tokenizers only " +
            "(model BPE, pre_tokenizer ByteLevel without prefix space, no normalizer).");

    private static void CheckModelOptions(JsonElement model, string path)
    {
        var type = TokenizerJson.Optional(model, "type");
        if (type?.ValueKind != JsonValueKind.String || type.Value.GetString() != "BPE")
        {
            throw Unsupported(path, "model.type", $"is {type?.GetRawText() ?? "missing"}, not \"BPE\"");
        }
        if (TokenizerJson.Optional(model, "dropout") is { } dropout && !(dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() == 0))
        {
            throw Unsupported(path, "model.dropout", $"is {dropout.GetRawText()} (BPE dropout is not deterministic)");
        }
        foreach (var affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (TokenizerJson.Optional(model, affix) is { } value && !(value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
            {
                throw Unsupported(path, $"model.{affix}", $"is {value.GetRawText()}");
            }
        }
        foreach (var flag in new[] { "byte_fallback", "ignore_merges" })
        {
            if (TokenizerJson.Optional(model, flag) is { ValueKind: not JsonValueKind.False } value)
            {
                throw Unsupported(path, $"model.{flag}", $"is {value.GetRawText()}");
            }
        }
    }

    private static List<MergeRule> ReadMerges(JsonElement model, string path)
    {
        var merges = TokenizerJson.Optional(model, "merges") ?? throw Unsupported(path, "model.merges", "is missing");
        if (merges.ValueKind != JsonValueKind.Array)
        {
            throw Unsupported(path, "model.merges", $"must be an array, found {merges.ValueKind}");
        }
        var rules = new List<MergeRule>(merges.GetArrayLength());
        var index = 0;
        foreach (var merge in merges.EnumerateArray())
        {
            var location = $"model.merges[{index++}] of '{path}'";
            string[] parts = merge.ValueKind switch
            {
                JsonValueKind.String => merge.GetString()!.Split(' '),
                JsonValueKind.Array when merge.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String) =>
                    merge.EnumerateArray().Select(p => p.GetString()!).ToArray(),
                _ => [],
            };
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new TokenizerFormatException(
                    $"{location}: expected \"left right\" or [\"left\", \"right\"], found {merge.GetRawText()}.");
            }
            rules.Add(new MergeRule(parts[0], parts[1], location));
        }
        return rules;
    }

    private static List<SpecialToken> ReadAddedTokens(JsonElement root, string path)
    {
        var tokens = new List<SpecialToken>();
        if (TokenizerJson.Optional(root, "added_tokens") is not { } added)
        {
            return tokens;
        }
        if (added.ValueKind != JsonValueKind.Array)
        {
            throw Unsupported(path, "added_tokens", $"must be an array, found {added.ValueKind}");
        }
        var index = 0;
        foreach (var token in added.EnumerateArray())
        {
            var field = $"added_tokens[{index++}]";
            var content = TokenizerJson.Optional(token, "content");
            var id = TokenizerJson.Optional(token, "id");
            if (content?.ValueKind != JsonValueKind.String || content.Value.GetString()!.Length == 0
                || id?.ValueKind != JsonValueKind.Number || !id.Value.TryGetInt32(out var value))
            {
                throw Unsupported(path, field, $"needs a non-empty string 'content' and an integer 'id', found {token.GetRawText()}");
            }
            foreach (var flag in new[] { "single_word", "lstrip", "rstrip" })
            {
                if (TokenizerJson.Optional(token, flag) is { ValueKind: not JsonValueKind.False } set)
                {
                    throw Unsupported(path, $"{field}.{flag}", $"is {set.GetRawText()}");
                }
            }
            tokens.Add(new SpecialToken(content.Value.GetString()!, value));
        }
        return tokens;
    }
}
