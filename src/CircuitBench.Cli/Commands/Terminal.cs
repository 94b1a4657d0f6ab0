using Spectre.Console;

namespace CircuitBench.Cli.Commands;

/// <summary>Whether output may use Spectre.Console's live displays (progress bars).</summary>
internal static class Terminal
{
    /// <summary>True when <paramref name="writer"/> is the console, not redirected, and the terminal understands ANSI.</summary>
    public static bool IsInteractive(TextWriter writer) =>
        ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Ansi;
}

/// <summary>An <see cref="IProgress{T}"/> that calls <paramref name="onReport"/> synchronously (no synchronisation context).</summary>
internal sealed class ProgressListener<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
