using CircuitBench.Tasks.Datasets;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Tasks.Generators;

/// <summary>
/// Indirect object identification (Wang et al. 2022) in this project's own templates: a first clause introduces two
/// names, a second clause repeats one of them (the subject S) and ends where the other (the indirect object IO) is
/// predicted. ABBA prompts introduce IO first ("… IO and S …"), BABA prompts S first; prompt k is ABBA when k is even,
/// so every prefix of a dataset is balanced (label <c>ABBA</c> / <c>BABA</c>). Answer = " IO", wrong answer = " S".
/// The corrupted prompt comes from the ABC distribution: the same template, place and object with three other distinct
/// names, so no name repeats and nothing identifies an indirect object. Names are the single-token ones of the list,
/// which keeps clean and corrupt the same token length.
/// </summary>
public sealed class IoiGenerator : ITaskGenerator
{
    /// <summary>The templates; {0}, {1} are the first clause's names, {2} the subject of the second, {3} the place, {4} the object.</summary>
    internal static readonly string[] Templates =
    [
        "After lunch,{0} and{1} walked to the {3}.{2} handed a {4} to",
        "When{0} and{1} arrived at the {3},{2} passed the {4} to",
        "Yesterday{0} and{1} visited the {3}, and{2} lent a {4} to",
        "While{0} and{1} were at the {3},{2} showed the {4} to",
        "Later,{0} and{1} met at the {3}.{2} threw the {4} to",
        "On Sunday{0} and{1} went to the {3}.{2} brought a {4} for",
        "At the {3},{0} and{1} sat together.{2} offered a {4} to",
        "Before dinner,{0} and{1} cleaned the {3}.{2} sent a {4} to",
        "Once{0} and{1} reached the {3},{2} sold the {4} to",
        "In the morning{0} and{1} left for the {3}.{2} mailed a {4} to",
        "During the trip,{0} and{1} stopped at the {3}.{2} gave the {4} back to",
        "Since{0} and{1} worked at the {3},{2} left a {4} for",
    ];

    /// <inheritdoc />
    public IReadOnlyList<TaskPrompt> Generate(GenerationRequest request)
    {
        var tokens = TextTokens.From(request, "ioi");
        var names = tokens.SingleTokens(WordLists.Names, atLeast: 5, "names");
        var prompts = new TaskPrompt[request.Count];
        for (var k = 0; k < prompts.Length; k++)
        {
            var stream = CounterRng.Bits(request.Seed, (ulong)k);
            var template = Templates[CounterRng.NextInt(stream, 0, Templates.Length)];
            var place = WordLists.Places[CounterRng.NextInt(stream, 1, WordLists.Places.Length)];
            var item = WordLists.Objects[CounterRng.NextInt(stream, 2, WordLists.Objects.Length)];
            var chosen = DistinctPicks(stream, 3, names.Length, 5);
            var (io, s) = (names[chosen[0]], names[chosen[1]]);
            var abba = k % 2 == 0;
            var clean = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, abba ? io : s, abba ? s : io, s, place, item);
            var corrupt = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, names[chosen[2]], names[chosen[3]], names[chosen[4]], place, item);
            prompts[k] = tokens.Checked(new TaskPrompt(PromptValue.OfText(clean), PromptValue.OfText(corrupt),
                [AnswerValue.OfText(io)], [AnswerValue.OfText(s)], abba ? "ABBA" : "BABA"), k);
        }
        return prompts;
    }

    /// <summary><paramref name="count"/> distinct indices below <paramref name="size"/> from draws <paramref name="firstDraw"/>, … of <paramref name="stream"/>.</summary>
    internal static int[] DistinctPicks(ulong stream, ulong firstDraw, int size, int count)
    {
        var picks = new List<int>(count);
        for (var draw = firstDraw; picks.Count < count; draw++)
        {
            var pick = CounterRng.NextInt(stream, draw, size);
            if (!picks.Contains(pick)) picks.Add(pick);
        }
        return [.. picks];
    }
}
