using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace CircuitBench.Cli.Tests;

/// <summary>The <c>bench model</c> command prints one JSON line with its measurements, and rejects bad options.</summary>
public sealed class BenchModelCommandTests
{
    [Theory]
    [InlineData("managed", 1)]
    [InlineData("managed", 2)]
    public void Prints_one_json_line_with_the_measurement(string backend, int threads)
    {
        (int exit, string output, string error) = Run("bench", "model", "--preset", "toy-induction-2l", "--batch", "2", "--seq", "8",
            "--repeats", "1", "--backend", backend, "--threads", threads.ToString(CultureInfo.InvariantCulture));

        Assert.True(exit == 0, $"exit {exit}: {error}");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using JsonDocument json = JsonDocument.Parse(lines[0]);
        JsonElement root = json.RootElement;
        Assert.Equal(["preset", "batch", "seq", "threads", "backend", "forward_s", "forward_backward_s", "tokens_per_s", "peak_rss_mb"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("toy-induction-2l", root.GetProperty("preset").GetString());
        Assert.Equal(2, root.GetProperty("batch").GetInt32());
        Assert.Equal(8, root.GetProperty("seq").GetInt32());
        Assert.Equal(threads, root.GetProperty("threads").GetInt32());
        Assert.Equal(backend, root.GetProperty("backend").GetString());
        double forward = root.GetProperty("forward_s").GetDouble();
        double forwardBackward = root.GetProperty("forward_backward_s").GetDouble();
        Assert.True(forward > 0, $"forward_s = {forward}");
        Assert.True(forwardBackward > 0, $"forward_backward_s = {forwardBackward}");
        // forward_backward_s is printed to 4 decimals (±5e-5 s), which on a fast machine is a sizeable relative error.
        Assert.Equal(2 * 8 / forwardBackward, root.GetProperty("tokens_per_s").GetDouble(), 2 * 8 / forwardBackward * (0.01 + 5e-5 / forwardBackward) + 0.1);
        Assert.True(root.GetProperty("peak_rss_mb").GetDouble() > 1, "peak RSS should be at least a megabyte");
    }

    [Theory]
    [InlineData("--preset", "gpt5", "gpt5")]
    [InlineData("--batch", "0", "--batch must be at least 1")]
    [InlineData("--seq", "-1", "--seq must be at least 1")]
    [InlineData("--repeats", "0", "--repeats must be at least 1")]
    [InlineData("--threads", "0", "--threads must be at least 1")]
    [InlineData("--seq", "257", "exceeds the context of toy-induction-2l (256)")]
    public void Bad_options_fail_with_a_clear_message(string option, string value, string expected)
    {
        List<string> args = ["bench", "model", "--preset", "toy-induction-2l", "--batch", "1", "--seq", "4", "--repeats", "1"];
        int existing = args.IndexOf(option);
        if (existing >= 0)
        {
            args[existing + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        (int exit, string output, string error) = Run([.. args]);
        Assert.NotEqual(0, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("forward_s", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_preset_is_required()
    {
        (int exit, _, string error) = Run("bench", "model");
        Assert.NotEqual(0, exit);
        Assert.Contains("--preset", error, StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
