using System.Text.Json;

namespace CircuitBench.Cli.Tests;

/// <summary><c>bench patch</c> prints one JSON line with the three forwards' times and their ratios.</summary>
public sealed class BenchPatchCommandTests
{
    [Fact]
    public void Bench_patch_prints_the_plain_clean_and_patched_times_and_ratios()
    {
        var (exit, output, error) = AnalysisFixture.Run("bench", "patch", "--preset", "toy-induction-2l", "--batch", "2", "--seq", "8",
            "--repeats", "1", "--backend", "managed", "--threads", "1");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var root = json.RootElement;
        Assert.Equal(["preset", "batch", "seq", "threads", "backend", "edges", "ablated_edges", "plain_s", "clean_patch_s", "patched_s", "clean_ratio", "patched_ratio", "peak_rss_mb"],
            root.EnumerateObject().Select(p => p.Name));
        var (edges, ablated) = (root.GetProperty("edges").GetInt32(), root.GetProperty("ablated_edges").GetInt32());
        Assert.InRange(ablated, edges / 4, 3 * edges / 4);
        Assert.All(new[] { "plain_s", "clean_patch_s", "patched_s" }, name => Assert.True(root.GetProperty(name).GetDouble() > 0));
        (exit, _, error) = AnalysisFixture.Run("bench", "patch", "--preset", "toy-induction-2l", "--seq", "999");
        Assert.Equal(1, exit);
        Assert.Contains("exceeds the context", error);
    }
}
