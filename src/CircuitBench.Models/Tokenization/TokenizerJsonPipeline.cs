using System.Text.Json;

namespace CircuitBench.Models.Tokenization;

/// <summary>
/// Checks the parts of a tokenizer.json around the model: they must be what GPT-2's byte-level BPE
/// does, because that is all <see cref="Gpt2Tokenizer"/> implements. Accepted: no normalizer; a
/// ByteLevel pre-tokenizer without prefix space and with GPT-2's regex; a ByteLevel (or no)
/// post-processor and decoder; no truncation. Padding only concerns batches and is ignored.
/// </summary>
internal static class TokenizerJsonPipeline
{
    public static void Check(JsonElement root, string path)
    {
        if (TokenizerJson.Optional(root, "normalizer") is { } normalizer)
        {
            throw TokenizerJsonFile.Unsupported(path, "normalizer", $"is {Describe(normalizer)}; only null is supported");
        }
        if (TokenizerJson.Optional(root, "truncation") is { } truncation)
        {
            throw TokenizerJsonFile.Unsupported(path, "truncation", $"is {truncation.GetRawText()}; only null is supported");
        }

        var preTokenizer = TokenizerJson.Optional(root, "pre_tokenizer");
        if (preTokenizer is not { } byteLevel || TypeOf(byteLevel) != "ByteLevel")
        {
            throw TokenizerJsonFile.Unsupported(
                path, "pre_tokenizer", $"is {(preTokenizer is { } p ? Describe(p) : "null")}; only ByteLevel is supported");
        }
        if (TokenizerJson.Optional(byteLevel, "add_prefix_space") is { ValueKind: not JsonValueKind.False } prefix)
        {
            throw TokenizerJsonFile.Unsupported(path, "pre_tokenizer.add_prefix_space", $"is {prefix.GetRawText()}; only false is supported");
        }
        if (TokenizerJson.Optional(byteLevel, "use_regex") is { ValueKind: not JsonValueKind.True } regex)
        {
            throw TokenizerJsonFile.Unsupported(path, "pre_tokenizer.use_regex", $"is {regex.GetRawText()}; only true is supported");
        }

        foreach (var field in new[] { "post_processor", "decoder" })
        {
            if (TokenizerJson.Optional(root, field) is { } part && TypeOf(part) != "ByteLevel")
            {
                throw TokenizerJsonFile.Unsupported(path, field, $"is {Describe(part)}; only ByteLevel or null is supported");
            }
        }
    }

    private static string? TypeOf(JsonElement part) =>
        part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    private static string Describe(JsonElement part) =>
        TypeOf(part) is { } type ? $"of type \"{type}\"" : part.GetRawText();
}
