using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using CircuitBench.Cli.Benchmarking;
using CircuitBench.Models.Architecture;
using CircuitBench.Tensors.Gemm;

namespace CircuitBench.Cli.Commands;

/// <summary>Options and checks shared by the <c>bench</c> commands.</summary>
internal static class CommonOptions
{
    /// <summary><c>--preset</c>: a model architecture by name (required).</summary>
    public static Option<string> Preset()
    {
        var preset = new Option<string>("--preset") { Description = $"Architecture: {string.Join(", ", ModelPresets.Names)}.", Required = true };
        preset.AcceptOnlyFromAmong([.. ModelPresets.Names]);
        return preset;
    }

    /// <summary>The preset's config, or null after saying on stderr that <paramref name="seq"/> exceeds its context.</summary>
    public static ModelConfig? PresetFitting(ParseResult parse, string command, string presetName, int seq)
    {
        var config = ModelPresets.Get(presetName);
        if (seq <= config.NCtx) return config;
        parse.InvocationConfiguration.Error.WriteLine($"{command}: --seq {seq} exceeds the context of {presetName} ({config.NCtx}).");
        return null;
    }

    /// <summary>
    /// One benchmark JSON line: <c>preset</c>, then <paramref name="leading"/>'s fields, then <c>batch</c>, <c>seq</c>,
    /// <c>threads</c>, <c>backend</c>, then <paramref name="results"/>' fields (which place <see cref="WritePeakRss"/>).
    /// </summary>
    public static string BenchJson(string preset, int batch, int seq, IGemmBackend gemm, Action<Utf8JsonWriter> results, Action<Utf8JsonWriter>? leading = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("preset", preset);
            leading?.Invoke(json);
            json.WriteNumber("batch", batch);
            json.WriteNumber("seq", seq);
            json.WriteNumber("threads", gemm.Threads);
            json.WriteString("backend", gemm.Name);
            results(json);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <c>peak_rss_mb</c>: the process's peak resident set so far, in MiB.</summary>
    public static void WritePeakRss(Utf8JsonWriter json) => json.WriteNumber("peak_rss_mb", Math.Round(AttributionTiming.PeakRssMb(), 1));

    /// <summary><c>--backend</c>: a GEMM backend name, defaulting to <c>$CIRCUITBENCH_GEMM</c>, else auto.</summary>
    public static Option<string> Backend()
    {
        var backend = new Option<string>("--backend")
        {
            Description = $"GEMM backend: {string.Join(", ", GemmBackends.Names)} (default: ${GemmBackends.BackendVariable}, else auto).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(GemmBackends.BackendVariable) is { Length: > 0 } set ? set : "auto",
        };
        backend.AcceptOnlyFromAmong([.. GemmBackends.Names]);
        return backend;
    }

    /// <summary><c>--threads</c>: an optional thread count ≥ 1 (default: <c>$CIRCUITBENCH_THREADS</c>, else the processor count).</summary>
    public static Option<int?> Threads()
    {
        var threads = new Option<int?>("--threads")
        {
            Description = $"Threads (default: ${GemmBackends.ThreadsVariable}, else the processor count).",
        };
        threads.Validators.Add(result => RequirePositive(result, "--threads"));
        return threads;
    }

    /// <summary>
    /// Creates the backend named <paramref name="name"/> with <paramref name="threads"/> threads (default from the
    /// environment), or writes why it cannot to stderr prefixed with <paramref name="command"/> and returns null.
    /// </summary>
    public static IGemmBackend? CreateBackend(ParseResult parse, string command, string name, int? threads)
    {
        try
        {
            return GemmBackends.Create(name, threads ?? GemmBackends.ThreadsFromEnvironment());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"{command}: {e.Message}");
            return null;
        }
    }

    /// <summary>A positive integer option with a default value.</summary>
    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result => RequirePositive(result, name));
        return option;
    }

    /// <summary>Reports a value below 1. Reads the token itself: a value that is not an integer is already reported by the parser.</summary>
    public static void RequirePositive(OptionResult result, string name)
    {
        if (result.Tokens.Count == 1
            && int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            && value < 1)
        {
            result.AddError($"{name} must be at least 1, got {value}.");
        }
    }
}
