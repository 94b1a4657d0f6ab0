using System.Text;
using CircuitBench.Pipeline.Stages;
using Spectre.Console;

namespace CircuitBench.Cli.Commands;

/// <summary>
/// A Spectre.Console progress bar over a sweep's cells when writing to an interactive terminal (the per-target lines
/// print above it); plain lines only otherwise (pipes, files, CI).
/// </summary>
internal static class SweepProgressDisplay
{
    /// <summary>Runs <paramref name="body"/> with the writer for its lines and the progress listener to give the runner (null when not interactive).</summary>
    public static T Run<T>(TextWriter writer, string title, Func<TextWriter, IProgress<SweepProgress>?, T> body)
    {
        if (!Terminal.IsInteractive(writer)) return body(writer, null);
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title));
                var progress = new ProgressListener<SweepProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Cells);
                    task.Value = p.CellsDone;
                    task.Description = Markup.Escape(p.CellsDone < p.Cells ? $"{title}: cell {p.CellsDone + 1}/{p.Cells}" : $"{title}: {p.Current}");
                });
                result = body(new ConsoleLines(), progress);
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Lines written through Spectre, so that they appear above the live progress bar instead of tearing it.</summary>
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
