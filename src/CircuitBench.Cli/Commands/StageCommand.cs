using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CircuitBench.Cli.Analysis;
using CircuitBench.Pipeline.Specs;
using CircuitBench.Pipeline.Stages;
using CircuitBench.Tasks;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>stage NAME --sweep FILE [--results-dir results] [--dry-run]</c>: brings every target of the sweep up to stage NAME
/// (datasets, models, ground-truth, attribute, circuits, evaluate, roc, aggregate, plots, report) up to date through the content-hashed cache, one line per
/// target (<c>cached</c> or <c>built</c> and why); <c>explain --sweep FILE</c>: which targets are stale and which input
/// changed for each, building nothing. Spec errors (file:line:column) exit 1.
/// </summary>
public static class StageCommand
{
    /// <summary>The vocabulary specs are checked against (registered tasks).</summary>
    public static SpecVocabulary Vocabulary => new(TaskRegistry.Names);

    /// <summary>Creates <c>stage</c>.</summary>
    public static Command Create()
    {
        var name = new Argument<string>("stage") { Description = $"The stage to bring up to date: {string.Join(", ", StageNames.All)}." };
        name.AcceptOnlyFromAmong([.. StageNames.All]);
        var (sweep, results) = (SweepOption(), ResultsOption());
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be built and why, building nothing." };
        var command = new Command("stage", "Bring a sweep's targets up to a stage through the content-hashed cache.") { name, sweep, results, dryRun };
        command.SetAction(parse => Report(parse, writer =>
        {
            var clock = Stopwatch.StartNew();
            var spec = SweepReader.ReadFile(parse.GetValue(sweep)!, Vocabulary);
            var runner = SweepProgressDisplay.Run(writer, $"{spec.Name} {parse.GetValue(name)}", (lines, progress) =>
            {
                var sweepRunner = new SweepRunner(Path.GetFullPath(parse.GetValue(results)!), lines, plan: parse.GetValue(dryRun)) { Progress = progress };
                sweepRunner.Run(spec, parse.GetValue(name)!);
                return sweepRunner;
            });
            var verb = parse.GetValue(dryRun) ? "stale" : "built";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{spec.Name}: stage {parse.GetValue(name)} over {spec.Cells.Count} cells: {runner.Built} {verb}, {runner.Cached} cached, {clock.Elapsed.TotalSeconds:F2} s"));
            return 0;
        }));
        return command;
    }

    /// <summary>Creates <c>explain</c>.</summary>
    public static Command CreateExplain()
    {
        var (sweep, results) = (SweepOption(), ResultsOption());
        var command = new Command("explain", "For each stale target of a sweep, which input changed (builds nothing).") { sweep, results };
        command.SetAction(parse => Report(parse, writer =>
        {
            var spec = SweepReader.ReadFile(parse.GetValue(sweep)!, Vocabulary);
            var runner = new SweepRunner(Path.GetFullPath(parse.GetValue(results)!), writer, plan: true, explainOnly: true);
            runner.Run(spec, StageNames.All[^1]);
            writer.WriteLine($"{spec.Name}: {runner.Built} stale, {runner.Cached} up to date");
            return 0;
        }));
        return command;
    }

    internal static Option<string> SweepOption() => new("--sweep") { Description = "The sweep YAML file.", DefaultValueFactory = _ => "experiments/sweep.yaml" };

    internal static Option<string> ResultsOption() => new("--results-dir") { Description = "The results folder (cache/, sweeps/, runs/).", DefaultValueFactory = _ => "results" };

    /// <summary><see cref="AnalysisErrors.Report"/> plus spec errors.</summary>
    internal static int Report(ParseResult parse, Func<TextWriter, int> body) => AnalysisErrors.Report(parse, output =>
    {
        try
        {
            return body(output);
        }
        catch (SpecException e)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    });
}
