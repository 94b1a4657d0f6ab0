using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
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
        var backend = new Option<string>("--backend")
        {
            Description = $"GEMM backend: {string.Join(", ", GemmBackends.Names)} (default: ${GemmBackends.BackendVariable}, else auto).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(GemmBackends.BackendVariable) is { Length: > 0 } set ? set : "auto",
        };
        backend.AcceptOnlyFromAmong([.. GemmBackends.Names]);
        var threads = new Option<int?>("--threads")
        {
            Description = $"Threads (default: ${GemmBackends.ThreadsVariable}, else the processor count).",
        };
        threads.Validators.Add(result => RequirePositive(result, "--threads"));
        var repeats = new Option<int>("--repeats")
        {
            Description = $"Timed repetitions after {GemmTiming.WarmUpRuns} warm-up runs; the median is reported.",
            DefaultValueFactory = _ => 7,
        };
        repeats.Validators.Add(result => RequirePositive(result, "--repeats"));

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

        IGemmBackend backend;
        try
        {
            backend = GemmBackends.Create(backendName, threads ?? GemmBackends.ThreadsFromEnvironment());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"bench gemm: {e.Message}");
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
        option.Validators.Add(result => RequirePositive(result, name));
        return option;
    }

    // Reads the token itself: a value that is not an integer is already reported by the parser.
    private static void RequirePositive(OptionResult result, string name)
    {
        if (result.Tokens.Count == 1
            && int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            && value < 1)
        {
            result.AddError($"{name} must be at least 1, got {value}.");
        }
    }
}
