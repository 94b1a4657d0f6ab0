using CircuitBench.Models.Tokenization;

namespace CircuitBench.Models.Tests.Tokenization;

/// <summary>Each malformed or unsupported input gives a <see cref="TokenizerFormatException"/> naming file and field.</summary>
public sealed class TokenizerFileErrorTests : IDisposable
{
    private readonly ScratchFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_missing_byte_symbol_is_named()
    {
        var vocab = TinyTokenizerFiles.Vocabulary();
        vocab.Remove("Ġ");
        var error = LoadFiles(vocab, TinyTokenizerFiles.MergesText([]));
        Assert.Contains("vocab.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("byte 0x20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_with_an_unknown_part_names_its_line()
    {
        var error = LoadFiles(TinyTokenizerFiles.Vocabulary(), TinyTokenizerFiles.MergesText([.. TinyTokenizerFiles.Merges, ("x", "yz")]));
        Assert.Contains("line 10 of", error.Message, StringComparison.Ordinal);
        Assert.Contains("'yz'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_whose_result_is_not_in_the_vocabulary_is_refused()
    {
        var error = LoadFiles(TinyTokenizerFiles.Vocabulary(), TinyTokenizerFiles.MergesText([("x", "y")]));
        Assert.Contains("'xy'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#version: 0.2\nl o\nlo\n")]
    [InlineData("#version: 0.2\nl o w\n")]
    [InlineData("#version: 0.2\nl  o\n")]
    public void A_malformed_merge_line_is_refused(string merges)
    {
        var error = LoadFiles(TinyTokenizerFiles.Vocabulary(), merges);
        Assert.Contains("merges.txt' line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vocabulary_ids_must_be_integers_and_unique()
    {
        var (vocab, merges) = TinyTokenizerFiles.WriteVocabAndMerges(folder.Path);
        File.WriteAllText(vocab, """{"a": 1.5}""");
        Assert.Contains("'a'", Assert.Throws<TokenizerFormatException>(() => Gpt2Tokenizer.FromVocabAndMerges(vocab, merges)).Message, StringComparison.Ordinal);

        var duplicate = TinyTokenizerFiles.Vocabulary();
        duplicate["dup"] = 5;
        Assert.Contains("id 5 is given to two tokens", LoadFiles(duplicate, TinyTokenizerFiles.MergesText([])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_refused_with_the_file_name()
    {
        var (vocab, merges) = TinyTokenizerFiles.WriteVocabAndMerges(folder.Path);
        File.WriteAllText(vocab, "{\"a\": ");
        var error = Assert.Throws<TokenizerFormatException>(() => Gpt2Tokenizer.FromVocabAndMerges(vocab, merges));
        Assert.Contains(vocab, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_tokens_must_be_byte_level_strings()
    {
        var vocab = TinyTokenizerFiles.Vocabulary();
        vocab["hello world"] = vocab.Count;
        Assert.Contains("'hello world'", LoadFiles(vocab, TinyTokenizerFiles.MergesText([])).Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<Dictionary<string, object?>>> UnsupportedTokenizerJson => new()
    {
        { "model.type", json => Model(json)["type"] = "WordPiece" },
        { "model.dropout", json => Model(json)["dropout"] = 0.1 },
        { "model.continuing_subword_prefix", json => Model(json)["continuing_subword_prefix"] = "##" },
        { "model.byte_fallback", json => Model(json)["byte_fallback"] = true },
        { "model.merges", json => Model(json).Remove("merges") },
        { "normalizer", json => json["normalizer"] = new Dictionary<string, object> { ["type"] = "NFC" } },
        { "pre_tokenizer", json => json["pre_tokenizer"] = new Dictionary<string, object> { ["type"] = "Whitespace" } },
        { "pre_tokenizer", json => json["pre_tokenizer"] = null },
        { "pre_tokenizer.add_prefix_space", json => ((Dictionary<string, object?>)json["pre_tokenizer"]!)["add_prefix_space"] = true },
        { "post_processor", json => json["post_processor"] = new Dictionary<string, object> { ["type"] = "TemplateProcessing" } },
        { "decoder", json => json["decoder"] = new Dictionary<string, object> { ["type"] = "WordPiece" } },
        { "truncation", json => json["truncation"] = new Dictionary<string, object> { ["max_length"] = 8 } },
        { "added_tokens[0].lstrip", json => ((Dictionary<string, object>[])json["added_tokens"]!)[0]["lstrip"] = true },
    };

    [Theory]
    [MemberData(nameof(UnsupportedTokenizerJson))]
    public void Unsupported_tokenizer_json_fields_are_named(string field, Action<Dictionary<string, object?>> change)
    {
        var json = TinyTokenizerFiles.TokenizerJson();
        change(json);
        var path = TinyTokenizerFiles.WriteTokenizerJson(folder.Path, json);
        var error = Assert.Throws<TokenizerFormatException>(() => Gpt2Tokenizer.FromTokenizerJson(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_tokenizer_json_merge_is_named()
    {
        var json = TinyTokenizerFiles.TokenizerJson();
        Model(json)["merges"] = new object[] { "e r", new[] { "l", "o", "w" } };
        var path = TinyTokenizerFiles.WriteTokenizerJson(folder.Path, json);
        var error = Assert.Throws<TokenizerFormatException>(() => Gpt2Tokenizer.FromTokenizerJson(path));
        Assert.Contains("model.merges[1]", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Model(Dictionary<string, object?> json) => (Dictionary<string, object?>)json["model"]!;

    private TokenizerFormatException LoadFiles(Dictionary<string, int> vocab, string mergesText)
    {
        var (vocabPath, mergesPath) = TinyTokenizerFiles.WriteVocabAndMerges(folder.Path, vocab, mergesText);
        return Assert.Throws<TokenizerFormatException>(() => Gpt2Tokenizer.FromVocabAndMerges(vocabPath, mergesPath));
    }
}
