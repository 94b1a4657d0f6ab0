using System.Security.Cryptography;
using System.Text;
using CircuitBench.Circuits.Data;

namespace CircuitBench.Circuits.Tests.Data;

public class DatasetReaderTests
{
    private static readonly DatasetReadOptions IdsOnly = new(VocabularySize: 13, ContextLength: 8, Tokenizer: null);

    private static PromptDataset Parse(string json, DatasetReadOptions? options = null) =>
        DatasetReader.Parse(Encoding.UTF8.GetBytes(json), "test.json", options ?? IdsOnly);

    private static DatasetFormatException Fails(string json, DatasetReadOptions? options = null) =>
        Assert.Throws<DatasetFormatException>(() => Parse(json, options));

    private const string TwoPrompts = """
        {"prompts": [
          {"clean": [1, 2, 3], "corrupt": [4, 5, 6], "answers": [7], "wrong_answers": [8, 9]},
          {"clean": [10, 11], "corrupt": [12, 0], "answers": [1, 2], "wrong_answers": []}
        ]}
        """;

    [Fact]
    public void Token_ids_are_used_exactly_as_given_and_the_file_hash_is_kept()
    {
        var dataset = Parse(TwoPrompts);
        Assert.Equal(2, dataset.Prompts.Count);
        Assert.Equal([1, 2, 3], dataset.Prompts[0].Clean);
        Assert.Equal([4, 5, 6], dataset.Prompts[0].Corrupt);
        Assert.Equal([7], dataset.Prompts[0].Answers);
        Assert.Equal([8, 9], dataset.Prompts[0].WrongAnswers);
        Assert.Equal([1, 2], dataset.Prompts[1].Answers);
        Assert.Empty(dataset.Prompts[1].WrongAnswers);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TwoPrompts))), dataset.Sha256);
        Assert.Empty(dataset.Warnings);
        Assert.True(dataset.IsPaired);
    }

    [Fact]
    public void Text_is_tokenized_with_bos_and_text_answers_become_their_single_token()
    {
        var tokenizer = WordTokenizer.Create();
        var options = new DatasetReadOptions(WordTokenizer.Size, 16, tokenizer);
        var dataset = Parse("""{"prompts": [{"clean": "When Mary", "corrupt": [5, 6, 7], "answers": [" John"], "wrong_answers": [" Mary", 3]}]}""", options);
        var prompt = dataset.Prompts[0];
        Assert.Equal([WordTokenizer.EndOfText, WordTokenizer.Id("When"), WordTokenizer.Id(" Mary")], prompt.Clean);
        Assert.Equal([5, 6, 7], prompt.Corrupt);
        Assert.Equal([WordTokenizer.Id(" John")], prompt.Answers);
        Assert.Equal([WordTokenizer.Id(" Mary"), 3], prompt.WrongAnswers);
        Assert.Empty(dataset.Warnings);
        var noBos = Parse("""{"prompts": [{"clean": "When", "corrupt": "When", "answers": [1], "wrong_answers": []}]}""", options with { PrependBos = false });
        Assert.Equal([WordTokenizer.Id("When")], noBos.Prompts[0].Clean);
    }

    [Fact]
    public void Multi_token_answers_use_the_first_token_with_a_warning_or_fail_when_asked()
    {
        var options = new DatasetReadOptions(WordTokenizer.Size, 16, WordTokenizer.Create());
        const string json = """{"prompts": [{"clean": [1], "corrupt": [2], "answers": [" Mary John"], "wrong_answers": []}]}""";
        var dataset = Parse(json, options);
        Assert.Equal([WordTokenizer.Id(" Mary")], dataset.Prompts[0].Answers);
        var warning = Assert.Single(dataset.Warnings);
        Assert.Contains("prompt 0, field 'answers[0]'", warning);
        Assert.Contains("first token", warning);
        var error = Fails(json, options with { MultiTokenAnswers = MultiTokenAnswers.Error });
        Assert.Equal((0, "answers[0]"), (error.Prompt, error.Field));
        Assert.Contains("not a single token", error.Message);
        var empty = Fails("""{"prompts": [{"clean": [1], "corrupt": [2], "answers": [""], "wrong_answers": []}]}""", options);
        Assert.Contains("not a single token", empty.Message);
    }

    [Fact]
    public void Text_without_a_tokenizer_is_an_error_asking_for_ids()
    {
        var error = Fails("""{"prompts": [{"clean": [1], "corrupt": [2], "answers": [1], "wrong_answers": []}, {"clean": [1], "corrupt": "two", "answers": [1], "wrong_answers": []}]}""");
        Assert.Equal((1, "corrupt"), (error.Prompt, error.Field));
        Assert.Contains("no tokenizer", error.Message);
        Assert.Contains("token ids", error.Message);
    }

    [Theory]
    [InlineData("""{"prompts": []}""", null, "prompts", "no prompts")]
    [InlineData("""{"data": []}""", null, "prompts", "'prompts' array")]
    [InlineData("""{"prompts": {}}""", null, "prompts", "expected an array")]
    [InlineData("""{"prompts": [""", null, null, "not valid JSON")]
    [InlineData("""{"prompts": [3]}""", 0, null, "expected an object")]
    [InlineData("""{"prompts": [{"clean": [1], "corrupt": [2], "wrong_answers": []}]}""", 0, "answers", "missing")]
    [InlineData("""{"prompts": [{"clean": [1], "corrupt": [2], "answers": [1]}]}""", 0, "wrong_answers", "missing")]
    [InlineData("""{"prompts": [{"corrupt": [2], "answers": [1], "wrong_answers": []}]}""", 0, "clean", "missing")]
    [InlineData("""{"prompts": [{"clean": 5, "corrupt": [2], "answers": [1], "wrong_answers": []}]}""", 0, "clean", "expected text or an array of token ids, got a number")]
    [InlineData("""{"prompts": [{"clean": [1, "a"], "corrupt": [2], "answers": [1], "wrong_answers": []}]}""", 0, "clean[1]", "expected an integer token id, got text")]
    [InlineData("""{"prompts": [{"clean": [1.5], "corrupt": [2], "answers": [1], "wrong_answers": []}]}""", 0, "clean[0]", "got 1.5")]
    [InlineData("""{"prompts": [{"clean": [1], "corrupt": [], "answers": [1], "wrong_answers": []}]}""", 0, "corrupt", "no tokens")]
    [InlineData("""{"prompts": [{"clean": [1], "corrupt": [13], "answers": [1], "wrong_answers": []}]}""", 0, "corrupt[0]", "outside the vocabulary of 13")]
    [InlineData("""{"prompts": [{"clean": [1,1,1,1,1,1,1,1,1], "corrupt": [2], "answers": [1], "wrong_answers": []}]}""", 0, "clean", "9 tokens exceed the model's context of 8")]
    [InlineData("""{"prompts": [{"clean": [1], "corrupt": [2], "answers": [], "wrong_answers": []}]}""", 0, "answers", "at least one")]
    [InlineData("""{"prompts": [{"clean": [1], "corrupt": [2], "answers": 1, "wrong_answers": []}]}""", 0, "answers", "expected an array of answers")]
    [InlineData("""{"prompts": [{"clean": [1], "corrupt": [2], "answers": [-1], "wrong_answers": []}]}""", 0, "answers[0]", "outside the vocabulary")]
    [InlineData("""{"prompts": [{"clean": [1], "corrupt": [2], "answers": [1], "wrong_answers": [null]}]}""", 0, "wrong_answers[0]", "got null")]
    public void Bad_files_name_the_prompt_and_field(string json, int? prompt, string? field, string expected)
    {
        var error = Fails(json);
        Assert.Equal(prompt, error.Prompt);
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("dataset 'test.json'", error.Message);
    }

    [Fact]
    public void Pairing_is_required_only_when_asked_and_names_the_prompt()
    {
        var dataset = Parse("""
            {"prompts": [
              {"clean": [1, 2], "corrupt": [3, 4], "answers": [1], "wrong_answers": []},
              {"clean": [1, 2, 3], "corrupt": [3, 4], "answers": [1], "wrong_answers": []}
            ]}
            """);
        Assert.False(dataset.IsPaired);
        Assert.All(dataset.Batches(2), b => Assert.Null(b.Corrupted));
        var error = Assert.Throws<DatasetFormatException>(() => dataset.RequirePairs("resample ablation"));
        Assert.Equal(1, error.Prompt);
        Assert.Contains("'clean' has 3 tokens but 'corrupt' has 2", error.Message);
        Assert.Contains("resample ablation", error.Message);
    }

    [Fact]
    public void Batches_keep_file_order_pad_rows_and_answer_at_each_last_token()
    {
        var json = """{"prompts": [""" + string.Join(",", Enumerable.Range(1, 5).Select(n =>
            $$"""{"clean": [{{string.Join(",", Enumerable.Repeat(n, n))}}], "corrupt": [{{string.Join(",", Enumerable.Repeat(0, n))}}], "answers": [{{n}}], "wrong_answers": [0]}""")) + "]}";
        var batches = Parse(json).Batches(2);
        Assert.Equal([2, 2, 1], batches.Select(b => b.Clean.Batch));
        Assert.Equal([1, 2], batches[0].Clean.Lengths);
        Assert.Equal([0, 1], batches[0].AnswerPositions);
        Assert.Equal([3, 3, 3, 0, 4, 4, 4, 4], batches[1].Clean.Ids);
        Assert.Equal([[3], [4]], batches[1].Answers);
        Assert.NotNull(batches[2].Corrupted);
        Assert.Equal(batches.Select(b => b.Clean.Ids), Parse(json).Batches(2).Select(b => b.Clean.Ids));
    }
}
