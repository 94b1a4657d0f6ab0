using System.Reflection;
using System.Runtime.InteropServices;
using CircuitBench.Tensors;

namespace CircuitBench.Models.Training;

/// <summary>What computed a run: the code version and the compute settings.</summary>
/// <param name="CodeVersion">Informational version of CircuitBench.Models (includes the source revision when the build knows it).</param>
/// <param name="GemmBackend">The GEMM backend name.</param>
/// <param name="Threads">The backend's thread count.</param>
/// <param name="Runtime">The .NET runtime description.</param>
public sealed record EngineInfo(string CodeVersion, string GemmBackend, int Threads, string Runtime)
{
    /// <summary>The settings of the current flow of execution.</summary>
    public static EngineInfo Current() => new(
        typeof(EngineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        Compute.Gemm.Name,
        Compute.Gemm.Threads,
        RuntimeInformation.FrameworkDescription);
}
