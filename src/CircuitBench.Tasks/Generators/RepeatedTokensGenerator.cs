using CircuitBench.Tasks.Datasets;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Tasks.Generators;

/// <summary>
/// Induction prompts of token ids (ACDC's induction task, on random tokens). With period L:
/// <code>
/// clean   = [BOS, x₁ … x_L, x₁ … x_{L−1}]   answer x_L       (2L tokens with BOS)
/// corrupt = [BOS, y₁ … y_L, x₁ … x_{L−1}]   wrong answer y_L
/// </code>
/// x are L distinct tokens and y L further distinct tokens (none of them an x, none BOS), so in the clean prompt the last
/// token x_{L−1} occurs once before, followed by the answer; the corrupted prompt breaks the repeat: its last token never
/// occurred before and the earlier segment holds none of the x. The wrong answer y_L is the token at the answer's offset
/// in the corrupted segment (what copying by position, not content, would predict). Prompt k's tokens come from the
/// counter stream (seed, k), so a longer dataset starts with the same prompts.
/// </summary>
/// <param name="Fixed">The token space (a recipe's vocabulary), or null to take it from the request.</param>
/// <param name="Period">L, the length of the repeated segment; shortened to fit the context when the space is the request's.</param>
public sealed record RepeatedTokensGenerator(TokenSpace? Fixed, int Period) : ITaskGenerator
{
    /// <inheritdoc />
    public IReadOnlyList<TaskPrompt> Generate(GenerationRequest request)
    {
        var space = Fixed ?? request.Vocabulary
            ?? (request.Tokenizer is { } tokenizer ? TokenSpace.Of(tokenizer, contextLength: int.MaxValue) : null)
            ?? throw new ArgumentException("This induction task draws random token ids and needs the model's vocabulary: give a model or tokenizer (--tokenizer MODEL).");
        var bos = space.BosTokenId is null ? 0 : 1;
        var period = Fixed is null ? Math.Min(Period, (space.ContextLength - bos + 1) / 2) : Period;
        var available = space.Size - bos;
        if (period < 2) throw new ArgumentException($"A context of {space.ContextLength} tokens is too short for induction prompts (they need a period of at least 2, 2L{(bos == 1 ? "" : " - 1")} tokens).");
        if (2 * period > available)
            throw new ArgumentException($"Induction prompts with period {period} need {2 * period} distinct tokens but the vocabulary offers {available}.");
        if (2 * period - 1 + bos > space.ContextLength)
            throw new ArgumentException($"Induction prompts of {2 * period - 1 + bos} tokens exceed the context of {space.ContextLength}.");

        var prompts = new TaskPrompt[request.Count];
        for (var k = 0; k < prompts.Length; k++)
        {
            var stream = CounterRng.Bits(request.Seed, (ulong)k);
            var drawn = DistinctTokens(stream, 2 * period, space);
            var (x, y) = (drawn[..period], drawn[period..]);
            int[] Prompt(int[] first) => [.. space.BosTokenId is { } b ? new[] { b } : [], .. first, .. x[..^1]];
            prompts[k] = new TaskPrompt(PromptValue.OfIds(Prompt(x)), PromptValue.OfIds(Prompt(y)),
                [AnswerValue.OfId(x[^1])], [AnswerValue.OfId(y[^1])], null);
        }
        return prompts;
    }

    /// <summary><paramref name="count"/> distinct ids of <paramref name="space"/> other than BOS, drawn from <paramref name="stream"/> (rejection on repeats).</summary>
    private static int[] DistinctTokens(ulong stream, int count, TokenSpace space)
    {
        var chosen = new List<int>(count);
        var seen = new HashSet<int>();
        for (ulong draw = 0; chosen.Count < count; draw++)
        {
            var id = CounterRng.NextInt(stream, draw, space.Size - (space.BosTokenId is null ? 0 : 1));
            if (space.BosTokenId is { } b && id >= b) id++;
            if (seen.Add(id)) chosen.Add(id);
        }
        return [.. chosen];
    }
}
