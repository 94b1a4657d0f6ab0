using System.CommandLine;
using System.Text.Json;

namespace CircuitBench.Cli.Tests;

/// <summary>The <c>bench gemm</c> command prints one JSON line, and rejects bad options with a non-zero exit.</summary>
public sealed class BenchGemmCommandTests
{
    [Theory]
    [InlineData("managed", 1)]
    [InlineData("managed", 2)]
    [InlineData("openblas", 2)]
    public void Prints_one_json_line_with_the_measurement(string backend, int threads)
    {
        (int exit, string output, string error) = Run("bench", "gemm", "--m", "33", "--n", "17", "--k", "65",
            "--backend", backend, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--repeats", "3");

        Assert.True(exit == 0, $"exit {exit}: {error}");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using JsonDocument json = JsonDocument.Parse(lines[0]);
        JsonElement root = json.RootElement;
        Assert.Equal(["backend", "m", "n", "k", "threads", "seconds", "gflops"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(backend, root.GetProperty("backend").GetString());
        Assert.Equal(33, root.GetProperty("m").GetInt32());
        Assert.Equal(17, root.GetProperty("n").GetInt32());
        Assert.Equal(65, root.GetProperty("k").GetInt32());
        Assert.Equal(threads, root.GetProperty("threads").GetInt32());
        double seconds = root.GetProperty("seconds").GetDouble();
        double gflops = root.GetProperty("gflops").GetDouble();
        Assert.True(seconds > 0, $"seconds = {seconds}");
        Assert.Equal(2.0 * 33 * 17 * 65 / seconds / 1e9, gflops, 0.01);
    }

    [Theory]
    [InlineData("--backend", "mkl", "mkl")]
    [InlineData("--threads", "0", "--threads must be at least 1")]
    [InlineData("--repeats", "-3", "--repeats must be at least 1")]
    [InlineData("--m", "0", "--m must be at least 1")]
    [InlineData("--k", "many", "many")]
    public void Bad_options_fail_with_a_clear_message(string option, string value, string expected)
    {
        List<string> args = ["bench", "gemm", "--m", "4", "--n", "4", "--k", "4"];
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
        Assert.DoesNotContain("\"gflops\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sizes_too_large_for_an_array_are_rejected()
    {
        (int exit, _, string error) = Run("bench", "gemm", "--m", "100000", "--n", "100000", "--k", "1");
        Assert.Equal(1, exit);
        Assert.Contains("must each fit in one array", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_sizes_are_reported()
    {
        (int exit, _, string error) = Run("bench", "gemm", "--m", "4");
        Assert.NotEqual(0, exit);
        Assert.Contains("--n", error, StringComparison.Ordinal);
        Assert.Contains("--k", error, StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
