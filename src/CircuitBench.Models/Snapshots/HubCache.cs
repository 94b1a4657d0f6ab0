namespace CircuitBench.Models.Snapshots;

/// <summary>
/// The Hugging Face hub cache folder, located as <c>huggingface_hub</c> does: <c>$HF_HUB_CACHE</c>, else
/// <c>$HF_HOME/hub</c>, else <c>$XDG_CACHE_HOME/huggingface/hub</c>, else <c>~/.cache/huggingface/hub</c>.
/// A repository <c>org/name</c> lives in <c>models--org--name/</c> with <c>refs/&lt;revision&gt;</c> files
/// holding commits and <c>snapshots/&lt;commit&gt;/</c> folders holding the files.
/// </summary>
/// <param name="Root">The cache folder.</param>
/// <param name="Source">Where <paramref name="Root"/> came from, for messages (e.g. <c>$HF_HOME/hub</c>).</param>
public sealed record HubCache(string Root, string Source)
{
    /// <summary>Locates the cache from the process environment.</summary>
    public static HubCache FromEnvironment() =>
        Locate(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>Locates the cache from <paramref name="getVariable"/> (empty values count as unset) and the home folder.</summary>
    public static HubCache Locate(Func<string, string?> getVariable, string homeFolder)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Variable(string name) => getVariable(name) is { Length: > 0 } value ? value : null;
        if (Variable("HF_HUB_CACHE") is { } hubCache)
        {
            return new HubCache(Path.GetFullPath(hubCache), "$HF_HUB_CACHE");
        }
        if (Variable("HF_HOME") is { } hfHome)
        {
            return new HubCache(Path.GetFullPath(Path.Combine(hfHome, "hub")), "$HF_HOME/hub");
        }
        if (Variable("XDG_CACHE_HOME") is { } xdgCache)
        {
            return new HubCache(Path.GetFullPath(Path.Combine(xdgCache, "huggingface", "hub")), "$XDG_CACHE_HOME/huggingface/hub");
        }
        return new HubCache(Path.GetFullPath(Path.Combine(homeFolder, ".cache", "huggingface", "hub")), "the default ~/.cache/huggingface/hub");
    }

    /// <summary>The cache folder of hub repository <paramref name="repoId"/>: <c>models--org--name</c>.</summary>
    public string RepoFolder(string repoId) => Path.Combine(Root, "models--" + repoId.Replace("/", "--", StringComparison.Ordinal));
}
