using System.Globalization;
using System.Text.Json;

namespace CircuitBench.Cli.Tests;

/// <summary><c>bench attribute</c> prints one JSON line with its measurement and rejects bad options.</summary>
public sealed class BenchAttributeCommandTests
{
    [Fact]
    public void Bench_attribute_prints_one_json_line_with_time_memory_and_passes()
    {
        var (exit, output, error) = AnalysisFixture.Run("bench", "attribute", "--preset", "toy-induction-2l", "--algorithm", "eap", "--batch", "2", "--seq", "8",
            "--repeats", "1", "--backend", "managed", "--threads", "1");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var root = json.RootElement;
        Assert.Equal(["preset", "algorithm", "batch", "seq", "threads", "backend", "seconds", "forward_backward_s", "ratio_to_forward_backward",
            "peak_rss_mb", "forwards", "backwards"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        var (seconds, plain) = (root.GetProperty("seconds").GetDouble(), root.GetProperty("forward_backward_s").GetDouble());
        Assert.True(plain > 0);
        var ratio = root.GetProperty("ratio_to_forward_backward").GetDouble();                   // from unrounded times: close, not equal
        Assert.InRange(ratio, 0.9 * seconds / plain, 1.1 * seconds / plain);
        Assert.True(root.GetProperty("peak_rss_mb").GetDouble() > 1);
        Assert.Equal(2, root.GetProperty("forwards").GetInt32());
        Assert.Equal(1, root.GetProperty("backwards").GetInt32());
        (exit, _, error) = AnalysisFixture.Run("bench", "attribute", "--preset", "toy-induction-2l", "--algorithm", "nope", "--seq", "4", "--repeats", "1");
        Assert.Equal(1, exit);
        Assert.Contains("Unknown algorithm 'nope'", error);
        (exit, _, error) = AnalysisFixture.Run("bench", "attribute", "--preset", "toy-induction-2l", "--seq", (257).ToString(CultureInfo.InvariantCulture));
        Assert.Equal(1, exit);
        Assert.Contains("exceeds the context", error);
    }
}
