using CircuitBench.Models.Tokenization;

namespace CircuitBench.Models.Tests.Tokenization;

public sealed class BpeEncodingTests : IDisposable
{
    private readonly ScratchFolder folder = new();
    private readonly Gpt2Tokenizer tokenizer;

    public BpeEncodingTests()
    {
        var (vocab, merges) = TinyTokenizerFiles.WriteVocabAndMerges(folder.Path);
        tokenizer = Gpt2Tokenizer.FromVocabAndMerges(vocab, merges);
    }

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("lower", "lower")] // er, lo, low, then low+er
    [InlineData("wer", "w|er")] // "e r" (rank 0) beats "w e" (rank 5)
    [InlineData("we", "we")]
    [InlineData(" lower", "Ġlow|er")] // "Ġ low" (rank 3) comes before "low er" (rank 4)
    [InlineData("aaaa", "aa|aa")] // every occurrence of the best pair merges in one pass
    [InlineData("aaa", "aa|a")] // left to right, without overlap
    [InlineData("lo w", "lo|Ġ|w")] // words are merged separately
    [InlineData("a   b", "a|ĠĠ|Ġ|b")]
    public void Merges_apply_by_rank(string text, string expectedTokens)
    {
        var tokens = tokenizer.Encode(text).Select(tokenizer.IdToToken);
        Assert.Equal(expectedTokens.Split('|'), tokens);
    }

    [Fact]
    public void Bytes_without_merges_fall_back_to_byte_tokens()
    {
        // Ids of byte tokens equal the byte values in the tiny vocabulary: "é" is UTF-8 C3 A9, "😀" F0 9F 98 80.
        Assert.Equal([0xC3, 0xA9], tokenizer.Encode("é"));
        Assert.Equal([0xF0, 0x9F, 0x98, 0x80], tokenizer.Encode("😀"));
        Assert.Equal([0x00, 0x7F], tokenizer.Encode("\0\u007F"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("lower lower  wer\n\n\t x")]
    [InlineData("日本語 🇯🇵 👨‍👩‍👧 𝐀 é\u0301 \u0000\u001F\u0085\uFEFF")]
    [InlineData("   ")]
    public void Decode_inverts_encode(string text)
    {
        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void Long_texts_and_long_words_keep_every_id()
    {
        var text = string.Concat(Enumerable.Repeat("é wer ", 1000)) + new string('a', 5001);
        var ids = tokenizer.Encode(text);
        // "é" (2 bytes), then 1000 × " wer" (Ġ w er) and 999 × " é" (Ġ and 2 bytes), then " " + 5001 × "a" (Ġ, 2500 × aa, a).
        Assert.Equal(2 + 3 * 1000 + 3 * 999 + 1 + 2500 + 1, ids.Length);
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    [Fact]
    public void Decoding_a_partial_utf8_sequence_gives_a_replacement_character()
    {
        Assert.Equal("\uFFFD", tokenizer.Decode([0xC3]));
    }

    [Fact]
    public void Unknown_ids_are_refused_with_their_position()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([0x61, 99_999]));
        Assert.Contains("99999", error.Message, StringComparison.Ordinal);
        Assert.Contains("position 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([-1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.IdToToken(tokenizer.VocabularySize));
    }

    [Fact]
    public void Tokens_and_ids_look_up_both_ways()
    {
        Assert.Equal(TinyTokenizerFiles.EndOfTextId + 1, tokenizer.VocabularySize);
        Assert.Equal(0x20, tokenizer.TokenToId("Ġ"));
        Assert.Equal("lower", tokenizer.IdToToken(tokenizer.TokenToId("lower")!.Value));
        Assert.Null(tokenizer.TokenToId("lowest"));
    }

    [Fact]
    public void Concurrent_encodes_agree_with_sequential_ones()
    {
        var texts = Enumerable.Range(0, 2000).Select(i => $"lower{i % 37} wer  aaa{i % 11}é {new string('a', i % 300)}").ToArray();
        var (vocab, merges) = (Path.Combine(folder.Path, "vocab.json"), Path.Combine(folder.Path, "merges.txt"));
        var fresh = Gpt2Tokenizer.FromVocabAndMerges(vocab, merges); // empty cache, filled concurrently
        var concurrent = new int[texts.Length][];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i] = fresh.Encode(texts[i]));
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(tokenizer.Encode(texts[i]), concurrent[i]);
        }
    }

    [Fact]
    public void A_cached_encode_allocates_only_its_result()
    {
        const string text = "lower wer aaa lower\n\n lower";
        var expected = tokenizer.Encode(text);
        for (var warmUp = 0; warmUp < 100; warmUp++)
        {
            tokenizer.Encode(text);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ids = tokenizer.Encode(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expected, ids);
        var resultSize = 24 + (sizeof(int) * ids.Length + 7) / 8 * 8; // array header + 8-byte aligned payload
        Assert.True(allocated <= resultSize, $"Encode allocated {allocated} bytes; its result takes {resultSize}.");
    }
}
