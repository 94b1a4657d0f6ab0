using System.CommandLine;
using System.Globalization;
using CircuitBench.Pipeline.Reproduction;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// <c>reproduce --sweep FILE [--reference results/reference] [--scratch results/test-results/reproduce] [--update]</c>:
/// runs the sweep into an empty scratch cache and compares every reference Parquet file with the reproduced one within
/// the stated tolerance (|Δ| ≤ 1e-4 + 1e-3·|reference|, AUC 0.01: <see cref="Tolerances.Reproduction"/>), printing each difference (row, cell, column, both values);
/// exits 1 when anything differs. <c>--update</c> instead copies the reproduced files into the reference folder.
/// </summary>
public static class ReproduceCommand
{
    private const int MaxPrinted = 40;

    /// <summary>Creates <c>reproduce</c>.</summary>
    public static Command Create()
    {
        var sweep = StageCommand.SweepOption();
        var reference = new Option<string>("--reference") { Description = "The folder holding one sub-folder of reference files per sweep name.", DefaultValueFactory = _ => "results/reference" };
        var scratch = new Option<string>("--scratch") { Description = "The scratch results folder (emptied first).", DefaultValueFactory = _ => "results/test-results/reproduce" };
        var update = new Option<bool>("--update") { Description = "Run the sweep and copy its Parquet outputs into the reference folder instead of comparing." };
        var command = new Command("reproduce", "Run a sweep into an empty cache and compare its outputs with the committed reference.") { sweep, reference, scratch, update };
        command.SetAction(parse => StageCommand.Report(parse, writer =>
        {
            var spec = SweepReader.ReadFile(parse.GetValue(sweep)!, StageCommand.Vocabulary);
            var referenceFolder = Path.GetFullPath(Path.Combine(parse.GetValue(reference)!, spec.Name));
            var scratchFolder = Path.GetFullPath(parse.GetValue(scratch)!);
            if (parse.GetValue(update))
            {
                SweepReproduction.RunFresh(spec, scratchFolder, writer);
                var files = SweepReproduction.Update(spec, scratchFolder, referenceFolder);
                writer.WriteLine($"reproduce: updated {string.Join(", ", files)} in {referenceFolder}");
                return 0;
            }
            var comparisons = SweepReproduction.Run(spec, referenceFolder, scratchFolder, writer, Tolerances.Reproduction);
            var differences = comparisons.SelectMany(c => c.Differences.Select(d => (c.File, d))).ToArray();
            if (differences.Length == 0)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reproduce: {string.Join(", ", comparisons.Select(c => c.File))} match {referenceFolder} within |Δ| ≤ {Tolerance.Default.Absolute} + {Tolerance.Default.Relative}·|reference| ({string.Join(", ", Tolerances.Reproduction.Columns.Select(c => $"{c.Key}: {c.Value.Absolute}"))})"));
                return 0;
            }
            var error = parse.InvocationConfiguration.Error;
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reproduce: {differences.Length} difference(s) from {referenceFolder}:"));
            foreach (var (file, difference) in differences.Take(MaxPrinted)) error.WriteLine($"  {file}: {difference.Where}: {difference.What}");
            if (differences.Length > MaxPrinted) error.WriteLine($"  ... and {differences.Length - MaxPrinted} more");
            error.WriteLine("If the change is intended, review it and run `circuit-bench reproduce --update` (or `dotnet cake --target=Reproduce --update=true`).");
            return 1;
        }));
        return command;
    }
}
