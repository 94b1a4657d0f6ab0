namespace CircuitBench.Models.Tests.Snapshots;

/// <summary>A fresh folder under the system temp path for one test, deleted on dispose.</summary>
internal sealed class Scratch : IDisposable
{
    public Scratch() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"circuitbench-snapshots-{Guid.NewGuid():N}");

    /// <summary>The path below <see cref="Root"/>, created as a folder.</summary>
    public string Folder(params string[] parts)
    {
        var path = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
