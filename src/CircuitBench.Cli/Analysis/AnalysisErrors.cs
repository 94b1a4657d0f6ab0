using System.CommandLine;
using CircuitBench.Circuits.Data;
using CircuitBench.Cli.Commands;
using CircuitBench.Models.Tokenization;
using CircuitBench.Parquet;

namespace CircuitBench.Cli.Analysis;

/// <summary>
/// <see cref="UserErrors.Report"/> for the analysis commands, which also report as user errors: bad datasets, unreadable
/// Parquet files or tokenizer files, and <see cref="ArgumentException"/>s — the Circuits library's way of rejecting a name, parameter or
/// input (unknown algorithm, metric or ablation, a malformed algorithm parameter, prompts an ablation cannot use).
/// Every check runs before any output is written, so an error leaves the disk unchanged.
/// </summary>
internal static class AnalysisErrors
{
    public static int Report(ParseResult parse, Func<TextWriter, int> body) => UserErrors.Report(parse, output =>
    {
        try
        {
            return body(output);
        }
        catch (Exception e) when (e is DatasetFormatException or ParquetFormatException or TokenizerFormatException or ArgumentException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    });
}
