using System.CommandLine;
using System.Text.Json;
using CircuitBench.Cli.Benchmarking;
using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>bench gemm --m M --n N --k K [--backend managed|openblas|auto] [--threads T] [--repeats R]</c>: times
/// <c>C[m,n] = A[m,k] · B[k,n]</c> and prints
/// <c>{"backend":...,"m":...,"n":...,"k":...,"threads":...,"seconds":...,"gflops":...}</c> (median after warm-up).
/// </summary>
public static class BenchGemmCommand
{
    /// <summary>Creates the <c>gemm</c> subcommand.</summary>
    public static Command Create()
    {
        Option<int> m = SizeOption("--m", "Rows of A and C.");
        Option<int> n = SizeOption("--n", "Columns of B and C.");
        Option<int> k = SizeOption("--k", "Columns of A, rows of B (the reduction).");
        Option<string> backend = CommonOptions.Backend();
        Option<int?> threads = CommonOptions.Threads();
        Option<int> repeats = CommonOptions.Positive("--repeats", $"Timed repetitions after {GemmTiming.WarmUpRuns} warm-up runs; the median is reported.", 7);

        var command = new Command("gemm", "Time single-precision matrix multiply C[m,n] = A[m,k]·B[k,n] and print one JSON line.")
        {
            m, n, k, backend, threads, repeats,
        };
        command.SetAction(parse => Run(parse, parse.GetValue(m), parse.GetValue(n), parse.GetValue(k),
            parse.GetValue(backend)!, parse.GetValue(threads), parse.GetValue(repeats)));
        return command;
    }

    private static int Run(ParseResult parse, int m, int n, int k, string backendName, int? threads, int repeats)
    {
        if ((long)m * k > Array.MaxLength || (long)k * n > Array.MaxLength || (long)m * n > Array.MaxLength)
        {
            parse.InvocationConfiguration.Error.WriteLine(
                $"bench gemm: matrices of {m}×{k}, {k}×{n} and {m}×{n} floats must each fit in one array (at most {Array.MaxLength} elements).");
            return 1;
        }

        if (CommonOptions.CreateBackend(parse, "bench gemm", backendName, threads) is not { } backend)
        {
            return 1;
        }

        GemmTimingResult result = GemmTiming.Measure(backend, m, n, k, repeats);
        parse.InvocationConfiguration.Output.WriteLine(ToJson(backend, m, n, k, result));
        return 0;
    }

    private static string ToJson(IGemmBackend backend, int m, int n, int k, GemmTimingResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("backend", backend.Name);
            json.WriteNumber("m", m);
            json.WriteNumber("n", n);
            json.WriteNumber("k", k);
            json.WriteNumber("threads", backend.Threads);
            json.WriteNumber("seconds", result.Seconds);
            json.WriteNumber("gflops", Math.Round(result.Gflops, 2));
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Option<int> SizeOption(string name, string description)
    {
        var option = new Option<int>(name) { Description = description, Required = true };
        option.Validators.Add(result => CommonOptions.RequirePositive(result, name));
        return option;
    }
}
