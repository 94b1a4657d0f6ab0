using CircuitBench.Models.Tokenization;
using CircuitBench.Tasks.Datasets;

namespace CircuitBench.Tasks.Generators;

/// <summary>
/// The tokenizer checks text tasks rely on: which words of a list are one token, and that every generated prompt pairs
/// clean and corrupt token by token with single-token answers (the checks <c>datasets check</c> repeats on a file).
/// </summary>
internal sealed class TextTokens(Gpt2Tokenizer tokenizer, string task)
{
    /// <summary>The tokenizer from <paramref name="request"/>; text tasks cannot choose their words without one.</summary>
    public static TextTokens From(GenerationRequest request, string task) => new(request.Tokenizer
        ?? throw new ArgumentException($"The {task} task writes text and needs the model's tokenizer to pick single-token words and check every prompt; give --tokenizer MODEL (a model or a folder with tokenizer.json, or vocab.json and merges.txt)."), task);

    /// <summary>The tokenizer.</summary>
    public Gpt2Tokenizer Tokenizer => tokenizer;

    /// <summary>True when <paramref name="text"/> encodes to exactly one token.</summary>
    public bool IsSingle(string text) => tokenizer.Encode(text).Length == 1;

    /// <summary>The words of <paramref name="words"/> that are one token, in list order; fails when fewer than <paramref name="atLeast"/> are.</summary>
    public string[] SingleTokens(IEnumerable<string> words, int atLeast, string what)
    {
        var single = words.Where(IsSingle).ToArray();
        if (single.Length < atLeast)
            throw new ArgumentException($"The {task} task needs at least {atLeast} {what} that are single tokens, but this tokenizer has only {single.Length}; it is not GPT-2's.");
        return single;
    }

    /// <summary>Throws unless clean and corrupt have equal token lengths and every answer is one token.</summary>
    public TaskPrompt Checked(TaskPrompt prompt, int index)
    {
        var (clean, corrupt) = (tokenizer.Encode(prompt.Clean.Text!).Length, tokenizer.Encode(prompt.Corrupt.Text!).Length);
        if (clean != corrupt)
            throw new ArgumentException($"The {task} generator made prompt {index} with {clean} clean but {corrupt} corrupted tokens ('{prompt.Clean.Text}' / '{prompt.Corrupt.Text}'); this tokenizer splits its words differently from GPT-2's.");
        foreach (var answer in prompt.Answers.Concat(prompt.WrongAnswers))
            if (!IsSingle(answer.Text!))
                throw new ArgumentException($"The {task} generator made prompt {index} with answer '{answer.Text}', which this tokenizer splits into several tokens.");
        return prompt;
    }
}
