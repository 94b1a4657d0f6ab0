using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// sgemm through OpenBLAS's <c>cblas_sgemm</c>, loaded at run time from <c>libopenblas.so.0</c>
/// (Debian: <c>apt-get install libopenblas0-pthread</c>) or <c>libopenblas.so</c>.
/// </summary>
/// <remarks>
/// OpenBLAS keeps one process-wide thread count; each call sets it to <see cref="Threads"/> when it differs
/// from the last value set. Results may differ in the last bits between thread counts (OpenBLAS's choice).
/// </remarks>
public sealed unsafe class OpenBlasGemm : IGemmBackend
{
    private const int CblasRowMajor = 101;
    private const int CblasNoTrans = 111;
    private const int CblasTrans = 112;

    private static readonly string[] LibraryNames = ["libopenblas.so.0", "libopenblas.so"];
    private static readonly Lazy<Library> Loaded = new(() => Load(LibraryNames));
    private static readonly Lock ThreadsLock = new();
    private static int s_threadsSet;

    private readonly Library _library;

    private OpenBlasGemm(Library library, int threads)
    {
        _library = library;
        Threads = threads;
    }

    /// <inheritdoc/>
    public string Name => "openblas";

    /// <inheritdoc/>
    public int Threads { get; }

    /// <summary>The library file that was loaded, OpenBLAS's build description (<c>openblas_get_config</c>) and kernel family (<c>openblas_get_corename</c>), when exported.</summary>
    public string Description => _library.Description;

    /// <summary>Loads OpenBLAS, or says why it cannot.</summary>
    /// <param name="threads">Thread count to run OpenBLAS with (at least 1).</param>
    /// <param name="backend">The backend, when loadable.</param>
    /// <param name="reason">Why it is not loadable, and how to fix it.</param>
    public static bool TryCreate(int threads, [NotNullWhen(true)] out OpenBlasGemm? backend, [NotNullWhen(false)] out string? reason) =>
        TryCreate(threads, Loaded.Value, out backend, out reason);

    /// <summary>Like the public overload, but loads from <paramref name="libraryNames"/> (uncached; for tests).</summary>
    internal static bool TryCreate(int threads, string[] libraryNames, [NotNullWhen(true)] out OpenBlasGemm? backend, [NotNullWhen(false)] out string? reason) =>
        TryCreate(threads, Load(libraryNames), out backend, out reason);

    private static bool TryCreate(int threads, Library library, [NotNullWhen(true)] out OpenBlasGemm? backend, [NotNullWhen(false)] out string? reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (library.Failure is not null)
        {
            backend = null;
            reason = library.Failure;
            return false;
        }

        backend = new OpenBlasGemm(library, threads);
        reason = null;
        return true;
    }

    /// <inheritdoc/>
    public void Sgemm(bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        GemmArguments.Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (alpha == 0f || k == 0)
        {
            ScaleC(m, n, beta, c, ldc);                       // BLAS: A and B are not read (OpenBLAS's SkylakeX kernels would read them)
            return;
        }

        SetThreads();
        fixed (float* pa = a, pb = b, pc = c)
        {
            _library.Sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }

    /// <summary>C = beta · C over the [m, n] matrix (beta 0: zeros, whatever C held).</summary>
    private static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (int row = 0; row < m; row++)
        {
            var cRow = c.Slice(row * ldc, n);
            if (beta == 0f) cRow.Clear();
            else System.Numerics.Tensors.TensorPrimitives.Multiply(cRow, beta, cRow);
        }
    }

    private void SetThreads()
    {
        if (_library.SetNumThreads is null || Volatile.Read(ref s_threadsSet) == Threads)
        {
            return;
        }

        lock (ThreadsLock)
        {
            _library.SetNumThreads(Threads);
            s_threadsSet = Threads;
        }
    }

    private static Library Load(string[] libraryNames)
    {
        OpenBlasCoreType.SetIfUnset();
        foreach (string name in libraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out nint handle))
            {
                continue;
            }

            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out nint sgemm))
            {
                return Library.Failed($"{name} was loaded but does not export cblas_sgemm; install Debian's OpenBLAS with `apt-get install libopenblas0-pthread`.");
            }

            var setThreads = NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out nint set)
                ? (delegate* unmanaged<int, void>)set
                : null;
            string description = name;
            if (NativeLibrary.TryGetExport(handle, "openblas_get_config", out nint config))
            {
                description += ": " + Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)config)());
            }

            if (NativeLibrary.TryGetExport(handle, "openblas_get_corename", out nint core))
            {
                description += $" (core {Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)core)())})";
            }

            return new Library((delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm,
                setThreads, description, null);
        }

        return Library.Failed(
            $"OpenBLAS could not be loaded (tried {string.Join(", ", libraryNames)}); install it with `apt-get install libopenblas0-pthread`.");
    }

    // The loaded entry points, or the reason loading failed.
    private sealed class Library(
        delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm,
        delegate* unmanaged<int, void> setNumThreads,
        string description,
        string? failure)
    {
        public delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm { get; } = sgemm;

        public delegate* unmanaged<int, void> SetNumThreads { get; } = setNumThreads;

        public string Description { get; } = description;

        public string? Failure { get; } = failure;

        public static Library Failed(string reason) => new(null, null, "", reason);
    }
}
