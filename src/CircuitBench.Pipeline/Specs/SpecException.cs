namespace CircuitBench.Pipeline.Specs;

/// <summary>
/// A spec file the pipeline cannot use. <see cref="Exception.Message"/> reads <c>file:line:column: what is wrong</c>
/// and, where a value must come from a list, names the allowed values.
/// </summary>
public sealed class SpecException : Exception
{
    /// <summary>Creates the error at a position in <paramref name="file"/> (line and column 1-based; 0 when unknown).</summary>
    public SpecException(string file, long line, long column, string problem)
        : base(line > 0 ? $"{file}:{line}:{column}: {problem}" : $"{file}: {problem}")
    {
        (File, Line, Column, Problem) = (file, line, column, problem);
    }

    /// <summary>The spec file.</summary>
    public string File { get; }

    /// <summary>1-based line of the offending node (0 when the problem is the whole file).</summary>
    public long Line { get; }

    /// <summary>1-based column of the offending node.</summary>
    public long Column { get; }

    /// <summary>The problem without the position.</summary>
    public string Problem { get; }
}
