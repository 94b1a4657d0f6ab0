using System.CommandLine;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Metrics;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>list-algorithms</c>: every registered attribution algorithm, its description and its parameters (name, default,
/// meaning; set them with <c>attribute --param name=value</c>); <c>list-metrics</c>: every metric and what it measures.
/// </summary>
public static class AlgorithmsCommand
{
    /// <summary>Creates <c>list-algorithms</c>.</summary>
    public static Command CreateListAlgorithms()
    {
        var command = new Command("list-algorithms", "List the attribution algorithms with their descriptions and parameters.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var algorithm in AlgorithmRegistry.All)
            {
                output.WriteLine($"{algorithm.Name}: {algorithm.Description}");
                foreach (var parameter in algorithm.Parameters)
                    output.WriteLine($"    --param {parameter.Name}=<value> (default {parameter.Default}): {parameter.Description}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Creates <c>list-metrics</c>.</summary>
    public static Command CreateListMetrics()
    {
        var command = new Command("list-metrics", "List the metrics and what each measures.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var metric in MetricRegistry.Metrics)
                output.WriteLine($"{metric.Name}: {metric.Description} ({(metric.HigherIsCloserToClean ? "higher" : "lower")} is closer to the clean model)");
            return 0;
        });
        return command;
    }
}
