using System.Globalization;
using CircuitBench.Tasks.Datasets;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Tasks.Generators;

/// <summary>
/// Greater-than (Hanna et al. 2023): "The {noun} lasted from the year {XX}{YY} to the year {XX}", where the model should
/// continue with a two-digit YY' &gt; YY. Answers = the set of two-digit tokens YY + 1 … 99, wrong answers = 00 … YY
/// (the <c>prob-diff</c> metric sums their probabilities); the corrupted prompt has YY = 01. Centuries XX are 11 … 17
/// and YY 02 … 98, keeping only the years the tokenizer splits as " XX" + "YY" (as Hanna et al. did) and nouns that are
/// one token, so clean and corrupt have equal lengths. Prompt k takes YY number k mod (number of YY values) of a
/// seeded permutation of the YY values, so each YY occurs ⌊n / 97⌋ or ⌈n / 97⌉ times (label <c>YY=…</c>), and a
/// random century among those valid for it.
/// </summary>
public sealed class GreaterThanGenerator : ITaskGenerator
{
    /// <summary>The first and last century prefixes.</summary>
    public const int FirstCentury = 11, LastCentury = 17;

    /// <summary>The smallest and largest start-year suffixes YY.</summary>
    public const int FirstYear = 2, LastYear = 98;

    /// <summary>The corrupted start-year suffix.</summary>
    public const string CorruptYear = "01";

    /// <inheritdoc />
    public IReadOnlyList<TaskPrompt> Generate(GenerationRequest request)
    {
        var tokens = TextTokens.From(request, "greater-than");
        var nouns = tokens.SingleTokens(WordLists.DurationNouns, atLeast: 1, "nouns");
        var centuries = ValidYears(tokens).GroupBy(y => y.Year, y => y.Century).ToArray();
        var order = SeededOrder.Permutation(centuries.Length, CounterRng.Bits(request.Seed, ulong.MaxValue));
        var prompts = new TaskPrompt[request.Count];
        for (var k = 0; k < prompts.Length; k++)
        {
            var stream = CounterRng.Bits(request.Seed, (ulong)k);
            var slot = centuries[order[k % centuries.Length]];
            var (year, century) = (slot.Key, slot.ElementAt(CounterRng.NextInt(stream, 1, slot.Count())));
            var noun = nouns[CounterRng.NextInt(stream, 0, nouns.Length)];
            string Prompt(string yy) => $"The{noun} lasted from the year {century}{yy} to the year {century}";
            var yearText = TwoDigits(year);
            prompts[k] = tokens.Checked(new TaskPrompt(PromptValue.OfText(Prompt(yearText)), PromptValue.OfText(Prompt(CorruptYear)),
                [.. Enumerable.Range(year + 1, 99 - year).Select(y => AnswerValue.OfText(TwoDigits(y)))],
                [.. Enumerable.Range(0, year + 1).Select(y => AnswerValue.OfText(TwoDigits(y)))],
                $"YY={yearText}"), k);
        }
        return prompts;
    }

    /// <summary>(XX, YY) pairs, century-major, whose " XXYY" the tokenizer encodes as " XX" + "YY" (and " XX01" as " XX" + "01").</summary>
    internal static (int Century, int Year)[] ValidYears(TextTokens tokens)
    {
        bool Splits(int century, string yy)
        {
            var ids = tokens.Tokenizer.Encode($" {century}{yy}");
            return ids.Length == 2 && tokens.Tokenizer.Decode([ids[0]]) == $" {century}" && tokens.Tokenizer.Decode([ids[1]]) == yy;
        }
        var valid = (from century in Enumerable.Range(FirstCentury, LastCentury - FirstCentury + 1)
                     where Splits(century, CorruptYear)
                     from year in Enumerable.Range(FirstYear, LastYear - FirstYear + 1)
                     where Splits(century, TwoDigits(year))
                     select (century, year)).ToArray();
        if (valid.Length == 0) throw new ArgumentException("No year 1102 … 1798 splits into a century token and a two-digit token with this tokenizer; it is not GPT-2's.");
        return valid;
    }

    private static string TwoDigits(int value) => value.ToString("00", CultureInfo.InvariantCulture);
}
