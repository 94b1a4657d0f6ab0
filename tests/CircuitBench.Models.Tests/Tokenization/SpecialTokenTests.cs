using CircuitBench.Models.Tokenization;

namespace CircuitBench.Models.Tests.Tokenization;

public sealed class SpecialTokenTests : IDisposable
{
    private readonly ScratchFolder folder = new();
    private readonly Gpt2Tokenizer tokenizer;

    public SpecialTokenTests()
    {
        var (vocab, merges) = TinyTokenizerFiles.WriteVocabAndMerges(folder.Path);
        tokenizer = Gpt2Tokenizer.FromVocabAndMerges(vocab, merges);
    }

    public void Dispose() => folder.Dispose();

    private static int Eot => TinyTokenizerFiles.EndOfTextId;

    [Fact]
    public void End_of_text_is_bos_eos_and_the_only_special_token()
    {
        Assert.Equal(Eot, tokenizer.BosTokenId);
        Assert.Equal(Eot, tokenizer.EosTokenId);
        Assert.Equal(new Dictionary<string, int> { [TinyTokenizerFiles.EndOfText] = Eot }, tokenizer.SpecialTokens);
    }

    [Fact]
    public void Special_tokens_in_text_are_plain_text_unless_allowed()
    {
        const string text = "lower<|endoftext|> lower";
        var plain = tokenizer.Encode(text);
        Assert.DoesNotContain(Eot, plain);
        Assert.Equal(text, tokenizer.Decode(plain));

        var allowed = tokenizer.Encode(text, allowSpecialTokens: true);
        Assert.Equal([.. tokenizer.Encode("lower"), Eot, .. tokenizer.Encode(" lower")], allowed);
        Assert.Equal(text, tokenizer.Decode(allowed));
    }

    [Fact]
    public void Text_around_special_tokens_is_split_separately()
    {
        // The space before the token is its own word, not the start of " lower".
        Assert.Equal(
            [.. tokenizer.Encode("a "), Eot, Eot, .. tokenizer.Encode("b")],
            tokenizer.Encode("a <|endoftext|><|endoftext|>b", allowSpecialTokens: true));
    }

    [Fact]
    public void Vocabularies_without_end_of_text_have_no_bos_or_eos()
    {
        var vocab = TinyTokenizerFiles.Vocabulary();
        vocab.Remove(TinyTokenizerFiles.EndOfText);
        using var other = new ScratchFolder();
        var (vocabPath, mergesPath) = TinyTokenizerFiles.WriteVocabAndMerges(other.Path, vocab);
        var plain = Gpt2Tokenizer.FromVocabAndMerges(vocabPath, mergesPath);
        Assert.Null(plain.BosTokenId);
        Assert.Null(plain.EosTokenId);
        Assert.Empty(plain.SpecialTokens);
        Assert.Equal(plain.Encode("<|endoftext|>"), plain.Encode("<|endoftext|>", allowSpecialTokens: true));
    }

    [Fact]
    public void Added_tokens_outside_the_vocabulary_extend_it_and_decode_literally()
    {
        var json = TinyTokenizerFiles.TokenizerJson();
        var added = (Dictionary<string, object>[])json["added_tokens"]!;
        json["added_tokens"] = added.Append(new Dictionary<string, object> { ["id"] = 1000, ["content"] = "<|sép|>" }).ToArray();
        var withAdded = Gpt2Tokenizer.FromTokenizerJson(TinyTokenizerFiles.WriteTokenizerJson(folder.Path, json));

        Assert.Equal(1001, withAdded.VocabularySize);
        Assert.Equal(1000, withAdded.TokenToId("<|sép|>"));
        Assert.Equal([0x78, 1000, 0x79], withAdded.Encode("x<|sép|>y", allowSpecialTokens: true));
        Assert.Equal("x<|sép|>y", withAdded.Decode([0x78, 1000, 0x79]));
        Assert.Throws<ArgumentOutOfRangeException>(() => withAdded.Decode([999]));
    }

    [Fact]
    public void The_longest_special_token_wins_at_one_position_and_repeats_are_harmless()
    {
        var json = TinyTokenizerFiles.TokenizerJson();
        var added = (Dictionary<string, object>[])json["added_tokens"]!;
        json["added_tokens"] = added.Concat(
        [
            new Dictionary<string, object> { ["id"] = 300, ["content"] = "<|x" },
            new Dictionary<string, object> { ["id"] = 301, ["content"] = "<|xy|>" },
            new Dictionary<string, object> { ["id"] = 300, ["content"] = "<|x" },
        ]).ToArray();
        var tokenizer = Gpt2Tokenizer.FromTokenizerJson(TinyTokenizerFiles.WriteTokenizerJson(folder.Path, json));

        Assert.Equal([301, 300, 0x79], tokenizer.Encode("<|xy|><|xy", allowSpecialTokens: true));
        Assert.Equal(3, tokenizer.SpecialTokens.Count);
    }
}
