using CircuitBench.Models.Training;
using CircuitBench.Tasks.Generators;

namespace CircuitBench.Tasks;

/// <summary>
/// The tasks by name. Toy tasks follow their recipe's task (vocabulary, BOS, lengths are read from
/// <see cref="Recipes"/>), so their datasets stay valid for the models the recipes train.
/// </summary>
public static class TaskRegistry
{
    /// <summary>The period of the generic <c>induction</c> task's repeated segment (prompts of 2L tokens with BOS).</summary>
    public const int InductionPeriod = 16;

    /// <summary><c>toy-induction</c>: induction prompts in the <c>toy-induction-2l</c> recipe's vocabulary.</summary>
    public static TaskDefinition ToyInduction { get; } = CreateToyInduction();

    /// <summary><c>toy-modular-addition</c>: the <c>toy-mlp-2l</c> recipe's (a + b) mod p with a corrupted operand.</summary>
    public static TaskDefinition ToyModularAddition { get; } = CreateToyModularAddition();

    /// <summary><c>induction</c>: ACDC's induction task on random tokens of any model's vocabulary.</summary>
    public static TaskDefinition Induction { get; } = new(
        "induction",
        $"Random tokens x1..x{InductionPeriod} repeated; predict the next repeated token; corrupt = the first copy replaced by other random tokens (any vocabulary).",
        "kl", PromptEncoding.TokenIds, null, [], GroundTruthSource.None, null,
        new RepeatedTokensGenerator(null, InductionPeriod));

    /// <summary><c>ioi</c>: indirect object identification on GPT-2 small (Wang et al. 2022).</summary>
    public static TaskDefinition Ioi { get; } = new(
        "ioi",
        "Indirect object identification: two names, one repeated; predict the other (BABA/ABBA balanced, ABC corruption; answer IO, wrong S).",
        "logit-diff", PromptEncoding.Text, "gpt2", ["gpt2-small"], GroundTruthSource.Literature, "ground-truth/gpt2-small-ioi.json",
        new IoiGenerator());

    /// <summary><c>greater-than</c>: year comparison on GPT-2 small (Hanna et al. 2023).</summary>
    public static TaskDefinition GreaterThan { get; } = new(
        "greater-than",
        "\"The {noun} lasted from the year XXYY to the year XX\": answers = years > YY, wrong = years <= YY; corrupt YY = 01.",
        "prob-diff", PromptEncoding.Text, "gpt2", ["gpt2-small"], GroundTruthSource.Literature, "ground-truth/gpt2-small-greater-than.json",
        new GreaterThanGenerator());

    /// <summary><c>docstring</c>: the next parameter name in a Python docstring (Heimersheim &amp; Janiak 2023).</summary>
    public static TaskDefinition Docstring { get; } = new(
        "docstring",
        "Python method with a docstring; predict the next :param name; corrupt = every argument name replaced; wrong = the other parameters.",
        "logit-diff", PromptEncoding.Text, "gpt2", ["gpt2-small"], GroundTruthSource.None, null,
        new DocstringGenerator());

    /// <summary>Every task, in listing order.</summary>
    public static IReadOnlyList<TaskDefinition> All { get; } = [ToyInduction, ToyModularAddition, Induction, Ioi, GreaterThan, Docstring];

    /// <summary>The registered task names.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(t => t.Name)];

    /// <summary>The task called <paramref name="name"/>; an unknown name gives an error listing the known ones.</summary>
    public static TaskDefinition Get(string name) => All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"Unknown task '{name}'; known tasks: {string.Join(", ", Names)}.", nameof(name));

    private static TaskDefinition CreateToyInduction()
    {
        var recipe = Recipes.ToyInduction2L;
        var task = recipe.Task as RepeatedTokensTask
            ?? throw new InvalidOperationException($"Recipe {recipe.Name} no longer trains on {nameof(RepeatedTokensTask)}; update the toy-induction task.");
        return new TaskDefinition(
            "toy-induction",
            $"[BOS, x1..x{task.Half}, x1..x{task.Half - 1}] over the {recipe.Name} vocabulary ({task.Vocab} tokens, BOS {RepeatedTokensTask.Bos}); predict x{task.Half}; corrupt = first copy replaced.",
            "kl", PromptEncoding.TokenIds, null, [recipe.Name], GroundTruthSource.HeadDiagnostics, null,
            new RepeatedTokensGenerator(new TokenSpace(task.Vocab, RepeatedTokensTask.Bos, recipe.Model.NCtx), task.Half));
    }

    private static TaskDefinition CreateToyModularAddition()
    {
        var recipe = Recipes.ToyMlp2L;
        var task = recipe.Task as ModularAdditionTask
            ?? throw new InvalidOperationException($"Recipe {recipe.Name} no longer trains on {nameof(ModularAdditionTask)}; update the toy-modular-addition task.");
        return new TaskDefinition(
            "toy-modular-addition",
            $"[BOS, a, b, =] -> (a + b) mod {task.Modulus} for {recipe.Name}; corrupt = one operand changed (half a, half b); wrong answer = the corrupted sum.",
            "logit-diff", PromptEncoding.TokenIds, null, [recipe.Name], GroundTruthSource.None, null,
            new ModularAdditionGenerator(task));
    }
}
