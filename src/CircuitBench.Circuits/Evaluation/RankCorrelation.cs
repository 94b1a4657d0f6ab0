namespace CircuitBench.Circuits.Evaluation;

/// <summary>Rank agreement between two score vectors (robustness of attributions across choices).</summary>
public static class RankCorrelation
{
    /// <summary>Spearman's ρ: Pearson correlation of the ranks, ties given their average rank.</summary>
    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        Check(a, b);
        return Pearson(Ranks(a), Ranks(b));
    }

    /// <summary>Kendall's τ-b (ties in either vector corrected), in O(n log n).</summary>
    public static double KendallTauB(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        Check(a, b);
        var n = a.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => a[i]).ThenBy(i => b[i]).ToArray();
        long tiedA = 0, tiedBoth = 0;
        for (int i = 0, run = 1, runBoth = 1; i < n; i++)
        {
            var next = i + 1 < n;
            var sameA = next && a[order[i + 1]] == a[order[i]];
            var sameBoth = sameA && b[order[i + 1]] == b[order[i]];
            if (sameA) run++;
            else { tiedA += (long)run * (run - 1) / 2; run = 1; }
            if (sameBoth) runBoth++;
            else { tiedBoth += (long)runBoth * (runBoth - 1) / 2; runBoth = 1; }
        }
        var sequence = order.Select(i => b[i]).ToArray();
        var discordant = CountInversions(sequence, new double[n], 0, n);
        long tiedB = 0;
        var sortedB = sequence.Order().ToArray();
        for (int i = 0, run = 1; i < n; i++)
        {
            if (i + 1 < n && sortedB[i + 1] == sortedB[i]) run++;
            else { tiedB += (long)run * (run - 1) / 2; run = 1; }
        }
        long pairs = (long)n * (n - 1) / 2;
        var concordantMinusDiscordant = pairs - tiedA - tiedB + tiedBoth - 2 * discordant;
        var denominator = Math.Sqrt((double)(pairs - tiedA) * (pairs - tiedB));
        return denominator == 0 ? double.NaN : concordantMinusDiscordant / denominator;
    }

    private static long CountInversions(double[] x, double[] scratch, int start, int end)
    {
        if (end - start < 2) return 0;
        var mid = (start + end) / 2;
        var count = CountInversions(x, scratch, start, mid) + CountInversions(x, scratch, mid, end);
        int i = start, j = mid, k = start;
        while (i < mid && j < end)
        {
            if (x[j] < x[i]) { count += mid - i; scratch[k++] = x[j++]; }
            else scratch[k++] = x[i++];
        }
        while (i < mid) scratch[k++] = x[i++];
        while (j < end) scratch[k++] = x[j++];
        Array.Copy(scratch, start, x, start, end - start);
        return count;
    }

    private static double[] Ranks(IReadOnlyList<double> x)
    {
        var order = Enumerable.Range(0, x.Count).OrderBy(i => x[i]).ToArray();
        var ranks = new double[x.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && x[order[j + 1]] == x[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return ranks;
    }

    private static double Pearson(double[] a, double[] b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        double cov = 0, va = 0, vb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return va == 0 || vb == 0 ? double.NaN : cov / Math.Sqrt(va * vb);
    }

    private static void Check(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"Score vectors differ in length: {a.Count} vs {b.Count}.");
        if (a.Count < 2) throw new ArgumentException("Rank correlation needs at least two scores.");
    }
}
