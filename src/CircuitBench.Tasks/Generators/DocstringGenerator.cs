using CircuitBench.Tasks.Datasets;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Tasks.Generators;

/// <summary>
/// Docstring completion (Heimersheim &amp; Janiak 2023): a Python method with <see cref="Parameters"/> parameters whose
/// docstring documents the first <see cref="Documented"/> of them; the prompt ends at the next <c>:param</c>, where the
/// model should name the following parameter:
/// <code>
/// def oil(self, load, size, files, last, name):
///     """column piece
///
///     :param load: crime population
///     :param size: unit dark
///     :param                        → answer " files"
/// </code>
/// Wrong answers are the other parameter names of the signature. The corrupted prompt replaces every argument name,
/// in the signature and in the docstring, by fresh names (independently, ACDC's "random_random"), so no name in the
/// prompt points to the answer; descriptions and the function name stay. Parameter names are the single-token ones of
/// the list, so clean and corrupt have the same token length.
/// </summary>
public sealed class DocstringGenerator : ITaskGenerator
{
    /// <summary>Parameters after <c>self</c>.</summary>
    public const int Parameters = 5;

    /// <summary>Parameters documented before the one asked for.</summary>
    public const int Documented = 2;

    /// <inheritdoc />
    public IReadOnlyList<TaskPrompt> Generate(GenerationRequest request)
    {
        var tokens = TextTokens.From(request, "docstring");
        var names = tokens.SingleTokens(WordLists.Parameters, atLeast: Parameters + Parameters + Documented, "parameter names");
        var prompts = new TaskPrompt[request.Count];
        for (var k = 0; k < prompts.Length; k++)
        {
            var stream = CounterRng.Bits(request.Seed, (ulong)k);
            var picks = IoiGenerator.DistinctPicks(stream, 0, names.Length, Parameters + Parameters + Documented);
            var clean = picks[..Parameters].Select(i => names[i]).ToArray();
            var corruptSignature = picks[Parameters..(2 * Parameters)].Select(i => names[i]).ToArray();
            var corruptDocs = picks[(2 * Parameters)..].Select(i => names[i]).ToArray();
            var words = Enumerable.Range(0, 3 + 2 * Documented)
                .Select(i => WordLists.Filler[CounterRng.NextInt(stream, 1000 + (ulong)i, WordLists.Filler.Length)]).ToArray();
            string Prompt(string[] signature, string[] documented) =>
                $"def{words[0]}(self,{string.Join(",", signature)}):\n    \"\"\"{words[1].TrimStart()}{words[2]}\n\n"
                + string.Concat(Enumerable.Range(0, Documented).Select(i => $"    :param{documented[i]}:{words[3 + 2 * i]}{words[4 + 2 * i]}\n"))
                + "    :param";
            prompts[k] = tokens.Checked(new TaskPrompt(
                PromptValue.OfText(Prompt(clean, clean[..Documented])),
                PromptValue.OfText(Prompt(corruptSignature, corruptDocs)),
                [AnswerValue.OfText(clean[Documented])],
                [.. clean.Where((_, i) => i != Documented).Select(AnswerValue.OfText)], null), k);
        }
        return prompts;
    }
}
