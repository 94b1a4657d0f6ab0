using System.Text;
using Spectre.Console;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// Spectre.Console live progress bars on an interactive terminal, with the command's lines printed above them; nothing
/// live otherwise (pipes, files, CI get the plain lines only).
/// </summary>
internal static class LiveProgress
{
    /// <summary>
    /// Runs <paramref name="body"/> with the writer for its lines and the live context to add bars to (null when
    /// <paramref name="writer"/> is not an interactive terminal: the lines then go to <paramref name="writer"/> itself).
    /// </summary>
    public static T Run<T>(TextWriter writer, Func<TextWriter, ProgressContext?, T> body)
    {
        if (!Terminal.IsInteractive(writer)) return body(writer, null);
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => result = body(new ConsoleLines(), context));
        return result;
    }

    /// <summary>Lines written through Spectre, so that they appear above the live progress bars instead of tearing them.</summary>
    private sealed class ConsoleLines : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                AnsiConsole.WriteLine(_line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else _line.Append(value);
        }
    }
}
