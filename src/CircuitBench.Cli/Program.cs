using System.CommandLine;

namespace CircuitBench.Cli;

/// <summary>Entry point of the <c>circuit-bench</c> command.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("CircuitBench: circuit discovery benchmarks for transformer language models.");
        return root.Parse(args).Invoke();
    }
}
