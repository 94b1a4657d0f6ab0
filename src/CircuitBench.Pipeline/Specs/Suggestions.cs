namespace CircuitBench.Pipeline.Specs;

/// <summary>"Did you mean" hints: the allowed word closest to a misspelt one by edit distance.</summary>
public static class Suggestions
{
    /// <summary>
    /// The allowed word nearest to <paramref name="given"/> (Levenshtein distance, case-insensitive) when it is close
    /// enough to be a typo — at most a third of the longer word's length, and at least 1 — else null. Ties go to the
    /// first in <paramref name="allowed"/>.
    /// </summary>
    public static string? Closest(string given, IEnumerable<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var word in allowed)
        {
            var distance = Distance(given.ToLowerInvariant(), word.ToLowerInvariant());
            if (distance < bestDistance) (best, bestDistance) = (word, distance);
        }
        return best is not null && bestDistance <= Math.Max(1, Math.Max(best.Length, given.Length) / 3) ? best : null;
    }

    /// <summary>" Did you mean 'x'?" or an empty string.</summary>
    public static string Hint(string given, IEnumerable<string> allowed) =>
        Closest(given, allowed) is { } near ? $" Did you mean '{near}'?" : "";

    /// <summary>Levenshtein distance (insertions, deletions, substitutions of one character each cost 1).</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
