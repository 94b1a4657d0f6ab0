using System.Text.Json;
using CircuitBench.Models.Tokenization;

namespace CircuitBench.Models.Tests.Tokenization;

/// <summary>Runs the reference encoder once over the corpus and loads our tokenizer from the package's files.</summary>
public sealed class ReferenceEncodings
{
    public const int GeneratedCount = 3000;

    private readonly Lazy<(List<string> Texts, List<int?[]> Ids)> reference = new(() =>
    {
        var texts = InteropCorpus.Generate(GeneratedCount, seed: 2019);
        return (texts, ReferenceEncoder.Encode(texts));
    });

    private readonly Lazy<Gpt2Tokenizer> tokenizer = new(() =>
        Gpt2Tokenizer.FromVocabAndMerges(ReferenceEncoder.EncoderJson, ReferenceEncoder.VocabBpe));

    public List<string> Texts => reference.Value.Texts;

    public List<int?[]> ReferenceIds => reference.Value.Ids;

    public Gpt2Tokenizer Tokenizer => tokenizer.Value;
}

[Trait("Category", "Interop")]
public sealed class Gpt2ReferenceInteropTests(ReferenceEncodings reference) : IClassFixture<ReferenceEncodings>
{
    [Fact]
    public void Our_ids_equal_the_reference_encoder_ids_for_every_string()
    {
        var texts = reference.Texts;
        Assert.True(texts.Count > ReferenceEncodings.GeneratedCount);
        var mismatches = new List<string>();
        for (var i = 0; i < texts.Count; i++)
        {
            var ours = reference.Tokenizer.Encode(texts[i]).Select(id => (int?)id);
            if (!ours.SequenceEqual(reference.ReferenceIds[i]))
            {
                mismatches.Add($"{JsonSerializer.Serialize(texts[i])}\n  reference: [{string.Join(',', reference.ReferenceIds[i])}]\n" +
                               $"  ours:      [{string.Join(',', ours)}]");
            }
        }
        Assert.True(mismatches.Count == 0,
            $"{mismatches.Count} of {texts.Count} strings differ; the first ones:\n{string.Join('\n', mismatches.Take(10))}");
    }

    [Fact]
    public void Decode_inverts_encode_for_every_string()
    {
        var failures = reference.Texts.Where(text => reference.Tokenizer.Decode(reference.Tokenizer.Encode(text)) != text).ToList();
        Assert.True(failures.Count == 0, $"Round trip fails for {failures.Count} strings, e.g. {JsonSerializer.Serialize(failures.FirstOrDefault())}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tokenizer_json_built_from_the_same_files_gives_the_same_ids(bool mergesAsPairs)
    {
        using var folder = new ScratchFolder();
        var fromJson = Gpt2Tokenizer.FromTokenizerJson(WriteTokenizerJson(folder.Path, mergesAsPairs));

        Assert.Equal(reference.Tokenizer.VocabularySize, fromJson.VocabularySize);
        Assert.Equal(reference.Tokenizer.EosTokenId, fromJson.EosTokenId);
        foreach (var text in reference.Texts)
        {
            Assert.Equal(reference.Tokenizer.Encode(text), fromJson.Encode(text));
            Assert.Equal(reference.Tokenizer.Encode(text, allowSpecialTokens: true), fromJson.Encode(text, allowSpecialTokens: true));
        }
    }

    [Fact]
    public void Gpt2_vocabulary_facts_hold()
    {
        var tokenizer = reference.Tokenizer;
        Assert.Equal(50257, tokenizer.VocabularySize);
        Assert.Equal(50256, tokenizer.BosTokenId);
        Assert.Equal(50256, tokenizer.EosTokenId);
        Assert.Equal("<|endoftext|>", tokenizer.IdToToken(50256));
        Assert.Equal([15496, 995], tokenizer.Encode("Hello world"));
        Assert.Equal([50256], tokenizer.Encode("<|endoftext|>", allowSpecialTokens: true));
        Assert.Equal(464, tokenizer.TokenToId("The"));
    }

    /// <summary>Writes a Hugging Face tokenizer.json (GPT-2's layout) holding the package's vocabulary and merges.</summary>
    private static string WriteTokenizerJson(string folder, bool mergesAsPairs)
    {
        var merges = File.ReadLines(ReferenceEncoder.VocabBpe)
            .Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
            .Select(line => mergesAsPairs ? (object)line.Split(' ') : line);
        var byteLevel = new { type = "ByteLevel", add_prefix_space = false, trim_offsets = true, use_regex = true };
        var json = new
        {
            version = "1.0",
            truncation = (object?)null,
            padding = (object?)null,
            added_tokens = new[]
            {
                new { id = 50256, content = "<|endoftext|>", single_word = false, lstrip = false, rstrip = false, normalized = true, special = true },
            },
            normalizer = (object?)null,
            pre_tokenizer = byteLevel,
            post_processor = byteLevel,
            decoder = byteLevel,
            model = new
            {
                type = "BPE",
                dropout = (object?)null,
                unk_token = (object?)null,
                continuing_subword_prefix = "",
                end_of_word_suffix = "",
                fuse_unk = false,
                byte_fallback = false,
                vocab = JsonDocument.Parse(File.ReadAllBytes(ReferenceEncoder.EncoderJson)).RootElement,
                merges = merges.ToArray(),
            },
        };
        var path = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(path, JsonSerializer.Serialize(json));
        return path;
    }
}
