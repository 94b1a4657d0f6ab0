using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace CircuitBench.Tensors.Gemm;

/// <summary>
/// Chooses OpenBLAS's kernel family before the library is loaded. OpenBLAS 0.3.21 (Debian 12) does not recognise newer
/// processors — a Sapphire Rapids Xeon is reported as <c>Prescott</c> — and then runs its generic SSE3 kernels, about
/// 4× slower (measured here: 34–46 vs 201 GFLOP/s for a 512×768×768 product). When <c>OPENBLAS_CORETYPE</c> is unset,
/// it is set to the newest family the processor supports: <c>SkylakeX</c> (AVX-512 F/BW/DQ/VL) or <c>Haswell</c>
/// (AVX2 + FMA). OpenBLAS reads the variable once, when it is loaded; .NET's Environment.SetEnvironmentVariable does
/// not reach native getenv on Linux, so it is set through libc. A value the user set is never changed.
/// </summary>
internal static partial class OpenBlasCoreType
{
    /// <summary>The variable OpenBLAS reads.</summary>
    public const string Variable = "OPENBLAS_CORETYPE";

    /// <summary>The kernel family for this processor, or null to let OpenBLAS detect it.</summary>
    public static string? ForThisProcessor() =>
        Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported ? "SkylakeX"
        : Avx2.IsSupported && Fma.IsSupported ? "Haswell"
        : null;

    /// <summary>Sets <see cref="Variable"/> for native code when it is unset and a family applies; returns the value in effect (null: none).</summary>
    public static string? SetIfUnset()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } chosen) return chosen;
        if (!OperatingSystem.IsLinux() || ForThisProcessor() is not { } core) return null;
        try
        {
            return SetEnv(Variable, core, 0) == 0 ? core : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;                                     // not glibc: OpenBLAS detects the processor itself
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
