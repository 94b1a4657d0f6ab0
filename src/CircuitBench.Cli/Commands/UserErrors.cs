using System.CommandLine;
using CircuitBench.Models.Snapshots;
using CircuitBench.Safetensors;

namespace CircuitBench.Cli.Commands;

/// <summary>Runs a command body, turning errors the user can fix (bad model files, lock mismatches, I/O) into a message on stderr and exit code 1, without a stack trace.</summary>
internal static class UserErrors
{
    public static int Report(ParseResult parse, Func<TextWriter, int> body)
    {
        try
        {
            return body(parse.InvocationConfiguration.Output);
        }
        catch (Exception e) when (e is SnapshotException or ModelLockException or SafetensorsFormatException or IOException or UnauthorizedAccessException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
