using System.Diagnostics;

namespace CircuitBench.Reports.Diagrams;

/// <summary>What a render attempt produced: the files written, and for each skipped output why.</summary>
public sealed record RenderResult(IReadOnlyList<string> Written, IReadOnlyList<string> Skipped);

/// <summary>
/// Renders DOT to SVG with Graphviz's <c>dot</c>, and SVG to PNG with <c>rsvg-convert</c>, when those programs are on
/// PATH. Missing tools are not errors: the result says what was skipped and how to get it. Each tool runs without a
/// shell, with a timeout, writing to a temporary file renamed into place.
/// </summary>
public static class GraphvizRenderer
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Renders <paramref name="dotFile"/> to <paramref name="svgFile"/> and, when <paramref name="pngFile"/> is given, to PNG.</summary>
    public static RenderResult Render(string dotFile, string svgFile, string? pngFile = null)
    {
        var (written, skipped) = (new List<string>(), new List<string>());
        if (!Run("dot", ["-Tsvg", dotFile, "-o"], svgFile, out var why))
        {
            skipped.Add($"{Path.GetFileName(svgFile)}: {why}");
            if (pngFile is not null) skipped.Add($"{Path.GetFileName(pngFile)}: needs the SVG");
            return new RenderResult(written, skipped);
        }
        written.Add(svgFile);
        if (pngFile is null) return new RenderResult(written, skipped);
        if (ToPng(svgFile, pngFile) is { } failure) skipped.Add($"{Path.GetFileName(pngFile)}: {failure}");
        else written.Add(pngFile);
        return new RenderResult(written, skipped);
    }

    /// <summary>Converts <paramref name="svgFile"/> to <paramref name="pngFile"/> with <c>rsvg-convert</c>; null on success, else why it did not.</summary>
    public static string? ToPng(string svgFile, string pngFile) => Run("rsvg-convert", ["-f", "png", svgFile, "-o"], pngFile, out var why) ? null : why;

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);

    private static bool Run(string program, string[] arguments, string output, out string why)
    {
        var path = Find(program);
        if (path is null)
        {
            why = $"'{program}' is not installed (Debian: apt-get install {(program == "dot" ? "graphviz" : "librsvg2-bin")})";
            return false;
        }
        var temp = $"{output}.{Guid.NewGuid():N}.tmp";
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(temp);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            File.Delete(temp);
            why = $"'{program}' did not finish within {Timeout.TotalSeconds} s";
            return false;
        }
        if (process.ExitCode != 0 || !File.Exists(temp))
        {
            File.Delete(temp);
            why = $"'{program}' failed (exit {process.ExitCode}): {error.Result.Trim()}";
            return false;
        }
        File.Move(temp, output, overwrite: true);
        why = "";
        return true;
    }
}
