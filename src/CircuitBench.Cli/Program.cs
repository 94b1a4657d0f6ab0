using System.CommandLine;
using CircuitBench.Cli.Commands;

namespace CircuitBench.Cli;

/// <summary>Entry point of the <c>circuit-bench</c> command.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args) => Run(args, new InvocationConfiguration());

    /// <summary>Parses and runs <paramref name="args"/>, writing to the configuration's output and error writers.</summary>
    public static int Run(string[] args, InvocationConfiguration configuration)
    {
        var root = new RootCommand("CircuitBench: circuit discovery benchmarks for transformer language models.");
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(LogitsCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(AttributeCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(AlgorithmsCommand.CreateListAlgorithms());
        root.Subcommands.Add(AlgorithmsCommand.CreateListMetrics());
        root.Subcommands.Add(StageCommand.Create());
        root.Subcommands.Add(StageCommand.CreateExplain());
        root.Subcommands.Add(ReproduceCommand.Create());
        root.Subcommands.Add(RunCommands.CreateRun());
        root.Subcommands.Add(RunCommands.CreateSpec());
        root.Subcommands.Add(RunCommands.CreateListRuns());
        root.Subcommands.Add(RunCommands.CreateShowResult());
        root.Subcommands.Add(RunCommands.CreateCompareRuns());
        root.Subcommands.Add(RunCommands.CreateReplay());
        root.Subcommands.Add(TasksCommand.Create());
        root.Subcommands.Add(DatasetsCommand.Create());
        return root.Parse(args).Invoke(configuration);
    }
}
