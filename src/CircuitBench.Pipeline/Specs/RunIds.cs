namespace CircuitBench.Pipeline.Specs;

/// <summary>Names that become one path segment (run ids, sweep names): they cannot leave the folder they are put in.</summary>
public static class RunIds
{
    /// <summary>True for 1–128 characters of letters, digits, '.', '-' and '_', not starting with '.' (so never "..").</summary>
    public static bool IsSafe(string name) =>
        name.Length is > 0 and <= 128 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>Throws unless <paramref name="id"/> <see cref="IsSafe"/>, explaining what is allowed.</summary>
    public static string Require(string id, string what = "run id") =>
        IsSafe(id) ? id : throw new ArgumentException($"{what} '{id}' is not valid: use letters, digits, '.', '-' and '_' only (no path separators or '..'), not starting with '.'.");
}
