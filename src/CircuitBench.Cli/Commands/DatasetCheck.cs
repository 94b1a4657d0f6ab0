using System.Globalization;
using System.Text.Json;
using CircuitBench.Circuits.Data;

namespace CircuitBench.Cli.Commands;

/// <summary>The report of <c>datasets check</c>: lengths, pairing, answers and class balance of a dataset read for a model.</summary>
internal static class DatasetCheck
{
    /// <summary>Writes the report; returns 1 when a prompt is unpaired or an answer is not a single token, else 0.</summary>
    public static int Write(TextWriter output, TextWriter error, PromptDataset dataset, string file)
    {
        var prompts = dataset.Prompts;
        var lengths = prompts.Select(p => p.Clean.Length).ToArray();
        output.WriteLine($"{dataset.Path}: {prompts.Count} prompts, sha256 {dataset.Sha256}");
        output.WriteLine($"clean tokens: min {lengths.Min()}, max {lengths.Max()}");
        var unpaired = prompts.Where(p => !p.IsPaired).ToArray();
        output.WriteLine(unpaired.Length == 0 ? "clean/corrupt: every prompt has equal token lengths" : $"clean/corrupt: {unpaired.Length} prompt(s) of different token lengths, first {unpaired[0].Index}");
        output.WriteLine($"answers per prompt: {prompts.Min(p => p.Answers.Length)}-{prompts.Max(p => p.Answers.Length)}, wrong answers {prompts.Min(p => p.WrongAnswers.Length)}-{prompts.Max(p => p.WrongAnswers.Length)}");
        var top = prompts.GroupBy(p => p.Answers[0]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first answers: {prompts.Select(p => p.Answers[0]).Distinct().Count()} distinct, most common {top.Key} in {100.0 * top.Count() / prompts.Count:F1}% of prompts"));
        foreach (var (label, n) in Labels(file))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"label {label}: {n} ({100.0 * n / prompts.Count:F1}%)"));
        foreach (var warning in dataset.Warnings) error.WriteLine($"warning: {warning}");
        if (dataset.Warnings.Count > 0) output.WriteLine($"answers: {dataset.Warnings.Count} not a single token (cut to their first token)");
        else output.WriteLine("answers: every answer is a single token");
        return unpaired.Length == 0 && dataset.Warnings.Count == 0 ? 0 : 1;
    }

    /// <summary>Counts of the optional per-prompt <c>label</c> key (in first-seen order).</summary>
    private static IEnumerable<(string Label, int Count)> Labels(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        return document.RootElement.GetProperty("prompts").EnumerateArray()
            .Select(p => p.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.String ? label.GetString() : null)
            .OfType<string>().GroupBy(l => l).Select(g => (g.Key, g.Count())).ToArray();
    }
}
