using CircuitBench.Pipeline.Stages;
using Spectre.Console;

namespace CircuitBench.Cli.Commands;

/// <summary>A progress bar over a sweep's cells on an interactive terminal (<see cref="LiveProgress"/>); plain lines only otherwise.</summary>
internal static class SweepProgressDisplay
{
    /// <summary>Runs <paramref name="body"/> with the writer for its lines and the progress listener to give the runner (null when not interactive).</summary>
    public static T Run<T>(TextWriter writer, string title, Func<TextWriter, IProgress<SweepProgress>?, T> body) =>
        LiveProgress.Run(writer, (lines, context) =>
        {
            if (context is null) return body(lines, null);
            var task = context.AddTask(Markup.Escape(title));
            var result = body(lines, new ProgressListener<SweepProgress>(p =>
            {
                task.MaxValue = Math.Max(1, p.Cells);
                task.Value = p.CellsDone;
                task.Description = Markup.Escape(p.CellsDone < p.Cells ? $"{title}: cell {p.CellsDone + 1}/{p.Cells}" : $"{title}: {p.Current}");
            }));
            task.Value = task.MaxValue;
            return result;
        });
}
