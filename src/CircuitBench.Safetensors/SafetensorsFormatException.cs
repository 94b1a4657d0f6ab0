namespace CircuitBench.Safetensors;

/// <summary>
/// A safetensors file breaks the format (or is a refused pickle checkpoint), or a request does not fit
/// its contents (missing tensor, wrong element type). The message names the file, the tensor when there
/// is one, the rule broken and, where it helps, how to fix it.
/// </summary>
public sealed class SafetensorsFormatException : Exception
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    /// <param name="filePath">The file concerned.</param>
    /// <param name="tensorName">The tensor concerned, or null when the problem is file-wide.</param>
    /// <param name="problem">The rule broken, and how to fix it where that helps.</param>
    public SafetensorsFormatException(string filePath, string? tensorName, string problem)
        : base(Compose(filePath, tensorName, problem))
    {
        FilePath = filePath;
        TensorName = tensorName;
    }

    /// <summary>The file concerned.</summary>
    public string FilePath { get; }

    /// <summary>The tensor concerned, or null when the problem is file-wide.</summary>
    public string? TensorName { get; }

    private static string Compose(string filePath, string? tensorName, string problem) =>
        tensorName is null
            ? $"Safetensors file '{filePath}': {problem}"
            : $"Safetensors file '{filePath}', tensor '{tensorName}': {problem}";
}
