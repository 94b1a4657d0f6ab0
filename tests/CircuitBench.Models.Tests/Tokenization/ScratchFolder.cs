namespace CircuitBench.Models.Tests.Tokenization;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("circuitbench-tokenizer-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
