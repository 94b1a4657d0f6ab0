using BenchmarkDotNet.Running;

namespace CircuitBench.Benchmarks;

/// <summary>Runs the BenchmarkDotNet suites selected on the command line (e.g. <c>--filter *Gemm*</c>).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
