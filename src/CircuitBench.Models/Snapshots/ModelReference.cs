using System.Text.RegularExpressions;

namespace CircuitBench.Models.Snapshots;

/// <summary>
/// A model reference as a user writes it: either a local folder, or a Hugging Face hub id
/// (<c>gpt2</c>, <c>org/name</c>) with an optional <c>@revision</c> (branch, tag or 40-hex commit).
/// </summary>
/// <remarks>
/// As in <c>from_pretrained</c>, an existing folder wins: <c>gpt2</c> names the folder <c>./gpt2</c> when
/// there is one. Text that looks like a path (rooted, or starting with <c>.</c> or <c>~</c>) is always a folder.
/// </remarks>
/// <param name="Text">The reference exactly as given.</param>
/// <param name="Folder">Full path of the local folder, or null for a hub id.</param>
/// <param name="RepoId">The hub id (<c>gpt2</c>, <c>org/name</c>), or null for a local folder.</param>
/// <param name="Revision">The revision after <c>@</c>, or null (meaning <c>main</c>) for a hub id; null for a folder.</param>
public sealed partial record ModelReference(string Text, string? Folder, string? RepoId, string? Revision)
{
    /// <summary>The revision a hub id without <c>@revision</c> resolves.</summary>
    public const string DefaultRevision = "main";

    /// <summary>True for a local folder, false for a hub id.</summary>
    public bool IsLocal => Folder is not null;

    /// <summary>Classifies <paramref name="text"/>; relative folders are taken from <paramref name="workingDirectory"/>
    /// (default: the current directory).</summary>
    /// <exception cref="SnapshotException">The text is a path to a missing folder, or neither a folder nor a valid hub id.</exception>
    public static ModelReference Parse(string text, string? workingDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var baseFolder = workingDirectory ?? Directory.GetCurrentDirectory();
        var expanded = text.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), text[2..])
            : text;
        var folder = Path.GetFullPath(expanded, baseFolder);
        if (Directory.Exists(folder))
        {
            return new ModelReference(text, folder, null, null);
        }
        if (File.Exists(folder))
        {
            throw new SnapshotException($"'{folder}' is a file; give the model folder holding it and {ModelConfigJson.FileName}.");
        }
        if (Path.IsPathRooted(expanded) || text.StartsWith('.') || text.StartsWith('~'))
        {
            throw new SnapshotException($"Model folder '{folder}' does not exist (given as '{text}').");
        }
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var repoId = at < 0 ? text : text[..at];
        var revision = at < 0 ? null : text[(at + 1)..];
        if (!RepoIdPattern().IsMatch(repoId) || repoId.Contains("--", StringComparison.Ordinal) || repoId.Contains("..", StringComparison.Ordinal))
        {
            throw new SnapshotException(
                $"'{text}' is neither an existing folder nor a hub id like 'gpt2', 'org/name' or 'org/name@revision'.");
        }
        if (revision is not null && (!RevisionPattern().IsMatch(revision) || revision.Split('/').Contains("..")))
        {
            throw new SnapshotException(
                $"'{text}': the revision '{revision}' must be a branch, tag or commit (letters, digits, '.', '_', '-', '/').");
        }
        return new ModelReference(text, null, repoId, revision);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")]
    private static partial Regex RepoIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")]
    private static partial Regex RevisionPattern();
}
