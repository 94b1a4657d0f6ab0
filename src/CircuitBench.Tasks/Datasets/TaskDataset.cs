namespace CircuitBench.Tasks.Datasets;

/// <summary>A prompt field as the dataset file holds it: text (tokenized by the model's tokenizer when read) or token ids.</summary>
public sealed record PromptValue
{
    private PromptValue(string? text, int[]? ids) => (Text, Ids) = (text, ids);

    /// <summary>The text, or null when the field is token ids.</summary>
    public string? Text { get; }

    /// <summary>The token ids, or null when the field is text.</summary>
    public int[]? Ids { get; }

    /// <summary>A text field.</summary>
    public static PromptValue OfText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>A token-id field (used exactly as given: no BOS is added when read).</summary>
    public static PromptValue OfIds(int[] ids) => new(null, ids ?? throw new ArgumentNullException(nameof(ids)));

    /// <summary>The text, or the ids joined with commas.</summary>
    public override string ToString() => Text ?? string.Join(",", Ids!);
}

/// <summary>An answer as the dataset file holds it: a single token id, or text that must tokenize to one token.</summary>
public sealed record AnswerValue
{
    private AnswerValue(string? text, int? id) => (Text, Id) = (text, id);

    /// <summary>The text (e.g. <c>" Mary"</c> with its leading space), or null for an id.</summary>
    public string? Text { get; }

    /// <summary>The token id, or null for text.</summary>
    public int? Id { get; }

    /// <summary>A text answer.</summary>
    public static AnswerValue OfText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>A token-id answer.</summary>
    public static AnswerValue OfId(int id) => new(null, id);

    /// <summary>The text or the id.</summary>
    public override string ToString() => Text ?? Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One generated prompt: clean and corrupted inputs, correct and wrong answers, and the class it belongs to.</summary>
/// <param name="Clean">The clean prompt; the answer is predicted at its last token.</param>
/// <param name="Corrupt">The corrupted prompt (same token length as the clean one for every generator here).</param>
/// <param name="Answers">The correct answer tokens (one, or a set for greater-than).</param>
/// <param name="WrongAnswers">The wrong answer tokens.</param>
/// <param name="Label">The prompt's class for balance checks (e.g. <c>BABA</c>, <c>corrupt-b</c>), or null; written as <c>label</c>.</param>
public sealed record TaskPrompt(PromptValue Clean, PromptValue Corrupt, IReadOnlyList<AnswerValue> Answers, IReadOnlyList<AnswerValue> WrongAnswers, string? Label);

/// <summary>A generated dataset: the task that made it, the seed, and its prompts in order.</summary>
/// <param name="Task">The task name (see <see cref="TaskRegistry"/>).</param>
/// <param name="Seed">The generator seed.</param>
/// <param name="Prompts">The prompts.</param>
public sealed record TaskDataset(string Task, ulong Seed, IReadOnlyList<TaskPrompt> Prompts);
