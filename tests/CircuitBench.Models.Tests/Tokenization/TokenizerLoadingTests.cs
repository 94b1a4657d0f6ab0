using CircuitBench.Models.Tokenization;

namespace CircuitBench.Models.Tests.Tokenization;

public sealed class TokenizerLoadingTests : IDisposable
{
    private const string Sample = "lower wer\n\n aaaa é <|endoftext|>  x";

    private readonly ScratchFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tokenizer_json_gives_the_same_ids_as_vocab_and_merges(bool mergesAsPairs)
    {
        var (vocab, merges) = TinyTokenizerFiles.WriteVocabAndMerges(folder.Path);
        var fromFiles = Gpt2Tokenizer.FromVocabAndMerges(vocab, merges);
        var fromJson = Gpt2Tokenizer.FromTokenizerJson(
            TinyTokenizerFiles.WriteTokenizerJson(folder.Path, TinyTokenizerFiles.TokenizerJson(mergesAsPairs)));

        Assert.Equal(fromFiles.Encode(Sample), fromJson.Encode(Sample));
        Assert.Equal(fromFiles.Encode(Sample, allowSpecialTokens: true), fromJson.Encode(Sample, allowSpecialTokens: true));
        Assert.Equal(fromFiles.VocabularySize, fromJson.VocabularySize);
        Assert.Equal(fromFiles.EosTokenId, fromJson.EosTokenId);
    }

    [Fact]
    public void A_folder_prefers_tokenizer_json()
    {
        TinyTokenizerFiles.WriteVocabAndMerges(folder.Path);
        var fromFiles = Gpt2Tokenizer.FromFolder(folder.Path);
        Assert.Equal([Id(fromFiles, "lower")], fromFiles.Encode("lower"));

        // A tokenizer.json without merges must win over the complete vocab.json + merges.txt beside it.
        var json = TinyTokenizerFiles.TokenizerJson();
        ((Dictionary<string, object?>)json["model"]!)["merges"] = Array.Empty<string>();
        TinyTokenizerFiles.WriteTokenizerJson(folder.Path, json);
        Assert.Equal("lower".Select(c => (int)c), Gpt2Tokenizer.FromFolder(folder.Path).Encode("lower"));
    }

    [Fact]
    public void A_folder_without_tokenizer_files_says_what_it_expected()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Gpt2Tokenizer.FromFolder(folder.Path));
        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("merges.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merges_txt_may_omit_the_version_line_and_end_without_a_newline()
    {
        var (vocab, merges) = TinyTokenizerFiles.WriteVocabAndMerges(
            folder.Path, mergesText: string.Join('\n', TinyTokenizerFiles.Merges.Select(m => $"{m.Left} {m.Right}")));
        var tokenizer = Gpt2Tokenizer.FromVocabAndMerges(vocab, merges);
        Assert.Equal([Id(tokenizer, "lower")], tokenizer.Encode("lower"));
    }

    [Fact]
    public void Json_files_may_start_with_a_byte_order_mark()
    {
        var (vocab, merges) = TinyTokenizerFiles.WriteVocabAndMerges(folder.Path);
        File.WriteAllText(vocab, File.ReadAllText(vocab), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(vocab)[0]);
        Assert.Equal(TinyTokenizerFiles.EndOfTextId + 1, Gpt2Tokenizer.FromVocabAndMerges(vocab, merges).VocabularySize);
    }

    private static int Id(Gpt2Tokenizer tokenizer, string token) => tokenizer.TokenToId(token)!.Value;
}
