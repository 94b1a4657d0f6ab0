using System.Text;
using CircuitBench.Circuits.Data;
using CircuitBench.Tasks.Datasets;
using CircuitBench.Tasks.Generators;

namespace CircuitBench.Tasks.Tests.Generators;

public class TextTaskTests
{
    private static readonly DatasetReadOptions Gpt2Small = new(50257, 1024, Gpt2Vocabulary.Tokenizer) { MultiTokenAnswers = MultiTokenAnswers.Error };

    private static TaskDataset Generate(TaskDefinition task, int n, ulong seed = 0) =>
        task.Generate(new GenerationRequest(n, seed) { Tokenizer = Gpt2Vocabulary.Tokenizer });

    /// <summary>Reads the dataset as a run would: every answer must be one GPT-2 token (multi-token answers are errors here).</summary>
    private static PromptDataset Read(TaskDataset dataset) => DatasetReader.Parse(DatasetJson.Serialize(dataset), dataset.Task + ".json", Gpt2Small);

    private static int Id(string text) => Assert.Single(Gpt2Vocabulary.Tokenizer.Encode(text));

    [Theory]
    [InlineData("ioi")]
    [InlineData("greater-than")]
    [InlineData("docstring")]
    public void Every_prompt_pairs_clean_and_corrupt_and_every_answer_is_one_gpt2_token(string name)
    {
        var dataset = Read(Generate(TaskRegistry.Get(name), 300, seed: 11));
        Assert.Equal(300, dataset.Prompts.Count);
        Assert.True(dataset.IsPaired);
        Assert.Empty(dataset.Warnings);
        Assert.All(dataset.Prompts, p => Assert.Equal(50256, p.Clean[0]));
        Assert.All(dataset.Prompts, p => Assert.Empty(p.Answers.Intersect(p.WrongAnswers)));
    }

    [Theory]
    [InlineData("ioi")]
    [InlineData("greater-than")]
    [InlineData("docstring")]
    public void Text_tasks_are_deterministic_and_need_a_tokenizer(string name)
    {
        var task = TaskRegistry.Get(name);
        Assert.Equal(DatasetJson.Serialize(Generate(task, 50, 3)), DatasetJson.Serialize(Generate(task, 50, 3)));
        Assert.NotEqual(DatasetJson.Serialize(Generate(task, 50, 3)), DatasetJson.Serialize(Generate(task, 50, 4)));
        var error = Assert.Throws<ArgumentException>(() => task.Generate(new GenerationRequest(5, 0)));
        Assert.Contains("--tokenizer", error.Message);
    }

    [Fact]
    public void Ioi_prompts_repeat_the_subject_answer_the_indirect_object_and_balance_the_templates()
    {
        var generated = Generate(TaskRegistry.Ioi, 200, seed: 2);
        var dataset = Read(generated);
        Assert.Equal(100, generated.Prompts.Count(p => p.Label == "ABBA"));
        Assert.Equal(100, generated.Prompts.Count(p => p.Label == "BABA"));
        for (var k = 0; k < dataset.Prompts.Count; k++)
        {
            var (prompt, labelled) = (dataset.Prompts[k], generated.Prompts[k]);
            var (io, s) = (prompt.Answers.Single(), prompt.WrongAnswers.Single());
            Assert.Equal(1, prompt.Clean.Count(t => t == io));
            Assert.Equal(2, prompt.Clean.Count(t => t == s));
            var names = WordLists.Names.Select(Id).ToHashSet();
            var cleanNames = prompt.Clean.Where(names.Contains).ToArray();
            Assert.Equal(labelled.Label == "ABBA" ? [io, s, s] : new[] { s, io, s }, cleanNames);
            var corruptNames = prompt.Corrupt.Where(names.Contains).ToArray();
            Assert.Equal(3, corruptNames.Distinct().Count());
            Assert.Empty(corruptNames.Intersect([io, s]));
            Assert.Equal(prompt.Clean.Where(t => !names.Contains(t)), prompt.Corrupt.Where(t => !names.Contains(t)));
        }
        Assert.True(generated.Prompts.Select(p => p.Clean.Text![..12]).Distinct().Count() >= 8, "the templates vary");
    }

    [Fact]
    public void Greater_than_answers_are_the_later_years_and_the_corruption_sets_yy_to_01()
    {
        var generated = Generate(TaskRegistry.GreaterThan, 300, seed: 5);
        var dataset = Read(generated);
        var twoDigit = Enumerable.Range(0, 100).Select(y => Id(y.ToString("00", System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        for (var k = 0; k < dataset.Prompts.Count; k++)
        {
            var (prompt, text) = (dataset.Prompts[k], generated.Prompts[k].Clean.Text!);
            var yy = int.Parse(generated.Prompts[k].Label!["YY=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(yy, 2, 98);
            Assert.Equal(twoDigit[(yy + 1)..], prompt.Answers);
            Assert.Equal(twoDigit[..(yy + 1)], prompt.WrongAnswers);
            var century = text[^2..];
            Assert.Contains($" the year {century}{yy:00} to the year {century}", text);
            Assert.Equal(text.Replace($"{century}{yy:00}", $"{century}01"), generated.Prompts[k].Corrupt.Text);
            Assert.Equal(twoDigit[yy], prompt.Clean[^5]);
            Assert.Equal(twoDigit[1], prompt.Corrupt[^5]);
        }
        var spread = generated.Prompts.GroupBy(p => p.Label).Select(g => g.Count()).ToArray();
        Assert.Equal(97, spread.Length);
        Assert.InRange(spread.Min(), 3, 4);
        Assert.InRange(spread.Max(), 3, 4);
    }

    [Fact]
    public void Greater_than_keeps_exactly_the_years_gpt2_splits_into_century_and_two_digits()
    {
        var years = GreaterThanGenerator.ValidYears(new TextTokens(Gpt2Vocabulary.Tokenizer, "greater-than"));
        var tokenizer = Gpt2Vocabulary.Tokenizer;
        foreach (var century in Enumerable.Range(11, 7))
        foreach (var yy in Enumerable.Range(2, 97))
        {
            var ids = tokenizer.Encode($" {century}{yy:00}");
            var splits = ids.Length == 2 && tokenizer.Decode([ids[1]]) == $"{yy:00}";
            Assert.Equal(splits, years.Contains((century, yy)));
        }
        Assert.Contains((17, 32), years);
        Assert.DoesNotContain((11, 20), years);   // " 1120" is " 1" + "120"
        Assert.True(years.Length > 500);
    }

    [Fact]
    public void Docstring_answer_is_the_next_parameter_and_the_corruption_renames_every_argument()
    {
        var generated = Generate(TaskRegistry.Docstring, 100, seed: 1);
        var dataset = Read(generated);
        for (var k = 0; k < dataset.Prompts.Count; k++)
        {
            var (clean, corrupt) = (generated.Prompts[k].Clean.Text!, generated.Prompts[k].Corrupt.Text!);
            var signature = clean[(clean.IndexOf("(self,", StringComparison.Ordinal) + 6)..clean.IndexOf("):", StringComparison.Ordinal)].Split(',');
            Assert.Equal(DocstringGenerator.Parameters, signature.Length);
            Assert.Equal(signature[DocstringGenerator.Documented], generated.Prompts[k].Answers.Single().Text);
            Assert.Equal(signature.Where((_, i) => i != DocstringGenerator.Documented), generated.Prompts[k].WrongAnswers.Select(a => a.Text));
            var documented = signature.Where(name => clean.Contains($"\n    :param{name}:", StringComparison.Ordinal)).ToArray();
            Assert.Equal(signature[..DocstringGenerator.Documented], documented);
            Assert.All(signature, name => Assert.DoesNotContain(name + ",", corrupt, StringComparison.Ordinal));
            Assert.All(signature, name => Assert.DoesNotContain(":param" + name + ":", corrupt, StringComparison.Ordinal));
            Assert.EndsWith("\n    :param", clean, StringComparison.Ordinal);
            Assert.Equal(dataset.Prompts[k].Clean.Length, dataset.Prompts[k].Corrupt.Length);
        }
    }

    [Fact]
    public void Snapshot_of_the_first_text_prompts()
    {
        string First(TaskDefinition task) => string.Join("\n", Encoding.UTF8.GetString(DatasetJson.Serialize(Generate(task, 2, 0))).Split('\n').Skip(1).Take(2));
        Assert.Equal(ExpectedIoi, First(TaskRegistry.Ioi));
        Assert.Equal(ExpectedGreaterThan, First(TaskRegistry.GreaterThan));
        Assert.Equal(ExpectedDocstring, First(TaskRegistry.Docstring));
    }

    private const string ExpectedIoi = """"
          {"clean":"Later, Karen and Henry met at the station. Henry threw the computer to","corrupt":"Later, Amy and Michael met at the station. Laura threw the computer to","answers":[" Karen"],"wrong_answers":[" Henry"],"label":"ABBA"},
          {"clean":"At the hospital, Karen and Mark sat together. Karen offered a hat to","corrupt":"At the hospital, Lisa and Rose sat together. Alice offered a hat to","answers":[" Mark"],"wrong_answers":[" Karen"],"label":"BABA"}
        """";

    private const string ExpectedGreaterThan = """"
          {"clean":"The expedition lasted from the year 1232 to the year 12","corrupt":"The expedition lasted from the year 1201 to the year 12","answers":["33","34","35","36","37","38","39","40","41","42","43","44","45","46","47","48","49","50","51","52","53","54","55","56","57","58","59","60","61","62","63","64","65","66","67","68","69","70","71","72","73","74","75","76","77","78","79","80","81","82","83","84","85","86","87","88","89","90","91","92","93","94","95","96","97","98","99"],"wrong_answers":["00","01","02","03","04","05","06","07","08","09","10","11","12","13","14","15","16","17","18","19","20","21","22","23","24","25","26","27","28","29","30","31","32"],"label":"YY=32"},
          {"clean":"The voyage lasted from the year 1311 to the year 13","corrupt":"The voyage lasted from the year 1301 to the year 13","answers":["12","13","14","15","16","17","18","19","20","21","22","23","24","25","26","27","28","29","30","31","32","33","34","35","36","37","38","39","40","41","42","43","44","45","46","47","48","49","50","51","52","53","54","55","56","57","58","59","60","61","62","63","64","65","66","67","68","69","70","71","72","73","74","75","76","77","78","79","80","81","82","83","84","85","86","87","88","89","90","91","92","93","94","95","96","97","98","99"],"wrong_answers":["00","01","02","03","04","05","06","07","08","09","10","11"],"label":"YY=11"}
        """";

    private const string ExpectedDocstring = """"
          {"clean":"def circle(self, height, text, target, label, level):\n    \"\"\"summer number\n\n    :param height: planet dark\n    :param text: engine music\n    :param","corrupt":"def circle(self, name, key, source, config, item):\n    \"\"\"summer number\n\n    :param format: planet dark\n    :param count: engine music\n    :param","answers":[" target"],"wrong_answers":[" height"," text"," label"," level"]},
          {"clean":"def engine(self, state, index, step, count, target):\n    \"\"\"summer voice\n\n    :param state: summer voice\n    :param index: metal stone\n    :param","corrupt":"def engine(self, child, size, weight, page, result):\n    \"\"\"summer voice\n\n    :param action: summer voice\n    :param text: metal stone\n    :param","answers":[" step"],"wrong_answers":[" state"," index"," count"," target"]}
        """";
}
