using System.Text;
using CircuitBench.Circuits.Data;
using CircuitBench.Models.Training;
using CircuitBench.Tasks.Datasets;

namespace CircuitBench.Tasks.Tests.Generators;

public class ToyTaskTests
{
    private static PromptDataset Read(TaskDataset dataset, Recipe recipe) =>
        DatasetReader.Parse(DatasetJson.Serialize(dataset), dataset.Task + ".json", DatasetReadOptions.For(recipe.Model, tokenizer: null));

    [Fact]
    public void Toy_induction_prompts_repeat_the_segment_and_the_corruption_breaks_the_repeat()
    {
        var recipe = Recipes.ToyInduction2L;
        var task = (RepeatedTokensTask)recipe.Task;
        var dataset = Read(TaskRegistry.ToyInduction.Generate(new GenerationRequest(50, Seed: 3)), recipe);
        var half = task.Half;
        foreach (var prompt in dataset.Prompts)
        {
            Assert.Equal(2 * half, prompt.Clean.Length);
            Assert.True(prompt.IsPaired);
            Assert.Equal(RepeatedTokensTask.Bos, prompt.Clean[0]);
            Assert.Equal(RepeatedTokensTask.Bos, prompt.Corrupt[0]);
            var x = prompt.Clean[1..(half + 1)];
            Assert.Equal(half, x.Distinct().Count());
            Assert.DoesNotContain(RepeatedTokensTask.Bos, x);
            Assert.Equal(x[..^1], prompt.Clean[(half + 1)..]);
            Assert.Equal([x[^1]], prompt.Answers);
            var y = prompt.Corrupt[1..(half + 1)];
            Assert.Empty(y.Intersect(x));
            Assert.Equal(prompt.Clean[(half + 1)..], prompt.Corrupt[(half + 1)..]);
            Assert.Equal([y[^1]], prompt.WrongAnswers);
            Assert.True(prompt.Clean.Length <= recipe.Model.NCtx);
        }
    }

    [Fact]
    public void Toy_modular_addition_answers_are_the_sums_and_classes_are_balanced()
    {
        var recipe = Recipes.ToyMlp2L;
        var task = (ModularAdditionTask)recipe.Task;
        var p = task.Modulus;
        var generated = TaskRegistry.ToyModularAddition.Generate(new GenerationRequest(4 * p, Seed: 0));
        var dataset = Read(generated, recipe);
        var changedA = 0;
        foreach (var prompt in dataset.Prompts)
        {
            Assert.Equal([task.Bos, prompt.Clean[1], prompt.Clean[2], task.EqualsToken], prompt.Clean);
            Assert.Equal([(prompt.Clean[1] + prompt.Clean[2]) % p], prompt.Answers);
            Assert.Equal([(prompt.Corrupt[1] + prompt.Corrupt[2]) % p], prompt.WrongAnswers);
            Assert.NotEqual(prompt.Answers, prompt.WrongAnswers);
            var differing = Enumerable.Range(0, 4).Count(i => prompt.Clean[i] != prompt.Corrupt[i]);
            Assert.Equal(1, differing);
            if (prompt.Clean[1] != prompt.Corrupt[1]) changedA++;
        }
        Assert.Equal(2 * p, changedA);
        Assert.All(dataset.Prompts.GroupBy(q => q.Answers[0]), group => Assert.Equal(4, group.Count()));
        Assert.Equal(2 * p, generated.Prompts.Count(q => q.Label == "corrupt-a"));
    }

    [Fact]
    public void Generic_induction_takes_the_vocabulary_from_the_request_and_fits_its_context()
    {
        var space = new TokenSpace(Size: 100, BosTokenId: 99, ContextLength: 21);
        var dataset = TaskRegistry.Induction.Generate(new GenerationRequest(20, 1) { Vocabulary = space });
        Assert.All(dataset.Prompts, prompt =>
        {
            var clean = prompt.Clean.Ids!;
            Assert.Equal(20, clean.Length);
            Assert.Equal(99, clean[0]);
            Assert.DoesNotContain(99, clean[1..]);
            Assert.Equal(clean[1..10], clean[11..]);
        });
        var error = Assert.Throws<ArgumentException>(() => TaskRegistry.Induction.Generate(new GenerationRequest(5, 0)));
        Assert.Contains("--tokenizer", error.Message);
    }

    [Fact]
    public void Toy_datasets_are_deterministic_and_start_with_the_same_prompts_for_a_longer_request()
    {
        foreach (var task in new[] { TaskRegistry.ToyInduction, TaskRegistry.ToyModularAddition })
        {
            var first = DatasetJson.Serialize(task.Generate(new GenerationRequest(40, 7)));
            Assert.Equal(first, DatasetJson.Serialize(task.Generate(new GenerationRequest(40, 7))));
            Assert.NotEqual(first, DatasetJson.Serialize(task.Generate(new GenerationRequest(40, 8))));
        }
        var shortRun = TaskRegistry.ToyInduction.Generate(new GenerationRequest(5, 7)).Prompts;
        var longRun = TaskRegistry.ToyInduction.Generate(new GenerationRequest(40, 7)).Prompts;
        Assert.Equal(shortRun.Select(p => p.Clean.ToString()), longRun.Take(5).Select(p => p.Clean.ToString()));
    }

    [Fact]
    public void Snapshot_of_the_first_toy_prompts()
    {
        string Lines(TaskDefinition task) => Encoding.UTF8.GetString(DatasetJson.Serialize(task.Generate(new GenerationRequest(3, 0))));
        Assert.Equal(ExpectedToyInduction, Lines(TaskRegistry.ToyInduction));
        Assert.Equal(ExpectedModularAddition, Lines(TaskRegistry.ToyModularAddition));
    }

    private const string ExpectedToyInduction = """
        {"task": "toy-induction", "seed": 0, "prompts": [
          {"clean":[0,22,17,18,31,38,28,6,14,29,19,50,59,13,11,10,52,22,17,18,31,38,28,6,14,29,19,50,59,13,11,10],"corrupt":[0,37,45,41,34,5,3,33,35,49,26,12,44,58,63,62,51,22,17,18,31,38,28,6,14,29,19,50,59,13,11,10],"answers":[52],"wrong_answers":[51]},
          {"clean":[0,34,13,54,11,31,12,49,2,37,42,46,62,17,44,59,14,34,13,54,11,31,12,49,2,37,42,46,62,17,44,59],"corrupt":[0,53,55,3,50,4,57,23,24,29,33,6,25,39,1,51,36,34,13,54,11,31,12,49,2,37,42,46,62,17,44,59],"answers":[14],"wrong_answers":[36]},
          {"clean":[0,37,55,38,26,51,19,40,47,9,5,60,62,4,61,12,1,37,55,38,26,51,19,40,47,9,5,60,62,4,61,12],"corrupt":[0,11,17,36,57,63,45,3,6,25,32,50,54,33,20,18,24,37,55,38,26,51,19,40,47,9,5,60,62,4,61,12],"answers":[1],"wrong_answers":[24]}
        ]}
        """ + "\n";

    private const string ExpectedModularAddition = """
        {"task": "toy-modular-addition", "seed": 0, "prompts": [
          {"clean":[24,12,12,23],"corrupt":[24,12,17,23],"answers":[1],"wrong_answers":[6],"label":"corrupt-b"},
          {"clean":[24,13,12,23],"corrupt":[24,3,12,23],"answers":[2],"wrong_answers":[15],"label":"corrupt-a"},
          {"clean":[24,7,16,23],"corrupt":[24,13,16,23],"answers":[0],"wrong_answers":[6],"label":"corrupt-a"}
        ]}
        """ + "\n";
}
