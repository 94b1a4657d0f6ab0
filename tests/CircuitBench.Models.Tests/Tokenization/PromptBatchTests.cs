using CircuitBench.Models.Tokenization;

namespace CircuitBench.Models.Tests.Tokenization;

public class PromptBatchTests
{
    [Fact]
    public void Prepends_bos_by_default_and_pads_rows_on_the_right()
    {
        using var folder = new ScratchFolder();
        var (vocab, merges) = TinyTokenizerFiles.WriteVocabAndMerges(folder.Path);
        var tokenizer = Gpt2Tokenizer.FromVocabAndMerges(vocab, merges);
        var eot = TinyTokenizerFiles.EndOfTextId;

        var batch = PromptBatch.Encode(tokenizer, ["lower", "a"]);
        var lower = tokenizer.Encode("lower");
        Assert.Equal([lower.Length + 1, 2], batch.Lengths);
        Assert.Equal([eot, .. lower], batch.Ids.Take(batch.Seq).ToArray());
        Assert.Equal([eot, tokenizer.Encode("a")[0], .. Enumerable.Repeat(eot, batch.Seq - 2)], batch.Ids.Skip(batch.Seq).ToArray());

        var plain = PromptBatch.Encode(tokenizer, ["lower"], prependBos: false);
        Assert.Equal(lower, plain.Ids);
        Assert.Throws<ArgumentException>(() => PromptBatch.Encode(tokenizer, [""], prependBos: false));
    }
}
