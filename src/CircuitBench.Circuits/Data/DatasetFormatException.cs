namespace CircuitBench.Circuits.Data;

/// <summary>
/// A dataset file that cannot be used: malformed JSON, a missing key, a value of the wrong type, a token outside
/// the vocabulary, an empty dataset, or prompts that do not fit what the run needs. The message names the file,
/// the prompt index and the field when the problem has one.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the exception; the message reads "dataset 'path'[, prompt i][, field 'f']: problem".</summary>
    public DatasetFormatException(string path, int? prompt, string? field, string problem, Exception? inner = null)
        : base(Format(path, prompt, field, problem), inner)
    {
        (DatasetPath, Prompt, Field, Problem) = (path, prompt, field, problem);
    }

    /// <summary>The dataset file.</summary>
    public string DatasetPath { get; }

    /// <summary>The 0-based index of the prompt at fault, when one is.</summary>
    public int? Prompt { get; }

    /// <summary>The field at fault (e.g. <c>answers[1]</c>), when one is.</summary>
    public string? Field { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    private static string Format(string path, int? prompt, string? field, string problem) =>
        $"dataset '{path}'{(prompt is { } i ? $", prompt {i}" : "")}{(field is null ? "" : $", field '{field}'")}: {problem}";
}
