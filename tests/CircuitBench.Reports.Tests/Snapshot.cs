namespace CircuitBench.Reports.Tests;

/// <summary>
/// Snapshot testing without Verify: compares text with <c>tests/CircuitBench.Reports.Tests/Snapshots/NAME</c> (found
/// from the test binary's folder upwards: deterministic builds map source paths, so the caller's path is not usable). A missing snapshot (or
/// <c>UPDATE_SNAPSHOTS=1</c>) is written and the test fails saying so, so that a new snapshot is always reviewed before
/// it is committed; a mismatch fails naming the first differing line.
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual)
    {
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path) || Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            Assert.Fail($"Snapshot {path} was written; review it, commit it and run the test again.");
        }
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual) return;
        var (e, a) = (expected.Split('\n'), actual.Split('\n'));
        var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
        Assert.Fail($"{name} differs from its snapshot at line {line + 1}:\n  snapshot: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\n"
            + "If the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff.");
    }

    private static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CircuitBench.sln"))) return Path.Combine(dir.FullName, "tests", "CircuitBench.Reports.Tests", "Snapshots");
            throw new InvalidOperationException($"No CircuitBench.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
        }
    }
}
