namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// Creates GEMM backends by name: <c>managed</c> (<see cref="ManagedGemm"/>), <c>openblas</c> (<see cref="OpenBlasGemm"/>)
/// or <c>auto</c> (OpenBLAS when loadable, else managed), and reads the process default from
/// <c>CIRCUITBENCH_GEMM</c> and <c>CIRCUITBENCH_THREADS</c>.
/// </summary>
public static class GemmBackends
{
    /// <summary>Environment variable naming the backend: <c>auto</c> (default), <c>openblas</c> or <c>managed</c>.</summary>
    public const string BackendVariable = "CIRCUITBENCH_GEMM";

    /// <summary>Environment variable with the thread count (default: <see cref="Environment.ProcessorCount"/>).</summary>
    public const string ThreadsVariable = "CIRCUITBENCH_THREADS";

    private static readonly Lazy<IGemmBackend> DefaultBackend = new(FromEnvironment);

    /// <summary>Accepted backend names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "openblas", "managed"];

    /// <summary>The backend chosen by the environment, created on first use.</summary>
    /// <exception cref="InvalidOperationException">A variable has a bad value, or OpenBLAS was requested but is not loadable.</exception>
    public static IGemmBackend Default => DefaultBackend.Value;

    /// <summary>Creates the backend named <paramref name="name"/> (case-insensitive) with <paramref name="threads"/> threads.</summary>
    /// <exception cref="ArgumentException">Unknown name or a thread count below 1.</exception>
    /// <exception cref="InvalidOperationException"><c>openblas</c> was requested but is not loadable.</exception>
    public static IGemmBackend Create(string name, int threads)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (threads < 1)
        {
            throw new ArgumentException($"The GEMM thread count must be at least 1, got {threads}.", nameof(threads));
        }

        switch (name.Trim().ToLowerInvariant())
        {
            case "managed":
                return new ManagedGemm(threads);
            case "openblas":
                return OpenBlasGemm.TryCreate(threads, out OpenBlasGemm? openBlas, out string? reason)
                    ? openBlas
                    : throw new InvalidOperationException(OpenBlasUnavailable(reason));
            case "auto":
                return OpenBlasGemm.TryCreate(threads, out OpenBlasGemm? found, out _) ? found : new ManagedGemm(threads);
            default:
                throw new ArgumentException(
                    $"Unknown GEMM backend '{name}'; allowed values: {string.Join(", ", Names)}.", nameof(name));
        }
    }

    /// <summary>The error text when <c>openblas</c> is requested but <paramref name="reason"/> prevents loading it.</summary>
    internal static string OpenBlasUnavailable(string reason) =>
        $"The openblas GEMM backend was requested, but {reason} Or choose another backend (allowed: {string.Join(", ", Names)}).";

    /// <summary>Creates the backend named by <c>CIRCUITBENCH_GEMM</c> with <c>CIRCUITBENCH_THREADS</c> threads (read now).</summary>
    /// <exception cref="InvalidOperationException">A variable has a bad value, or OpenBLAS was requested but is not loadable.</exception>
    public static IGemmBackend FromEnvironment()
    {
        string name = Environment.GetEnvironmentVariable(BackendVariable) is { Length: > 0 } set ? set : "auto";
        if (!Names.Contains(name.Trim().ToLowerInvariant()))
        {
            throw new InvalidOperationException(
                $"{BackendVariable}='{name}' is not a GEMM backend; allowed values: {string.Join(", ", Names)}. Set one of them or unset the variable (auto).");
        }

        return Create(name, ThreadsFromEnvironment());
    }

    /// <summary>The thread count from <c>CIRCUITBENCH_THREADS</c>, or <see cref="Environment.ProcessorCount"/> when unset.</summary>
    /// <exception cref="InvalidOperationException">The variable is not an integer ≥ 1.</exception>
    public static int ThreadsFromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Environment.ProcessorCount;
        }

        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int threads) && threads >= 1
            ? threads
            : throw new InvalidOperationException(
                $"{ThreadsVariable}='{text}' is not a thread count; use a whole number ≥ 1 (e.g. {Environment.ProcessorCount}) or unset it.");
    }
}
