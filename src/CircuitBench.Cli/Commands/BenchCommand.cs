using System.CommandLine;

namespace CircuitBench.Cli.Commands;

/// <summary>The <c>bench</c> command group: micro-benchmarks that print one JSON line each.</summary>
public static class BenchCommand
{
    /// <summary>Creates <c>bench</c> with its subcommands.</summary>
    public static Command Create()
    {
        var bench = new Command("bench", "Micro-benchmarks; each prints one JSON line.");
        bench.Subcommands.Add(BenchGemmCommand.Create());
        bench.Subcommands.Add(BenchModelCommand.Create());
        bench.Subcommands.Add(BenchAttributeCommand.Create());
        bench.Subcommands.Add(BenchPatchCommand.Create());
        return bench;
    }
}
