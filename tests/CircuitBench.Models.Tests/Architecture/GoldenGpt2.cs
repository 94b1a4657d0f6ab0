using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Safetensors;

namespace CircuitBench.Models.Tests.Architecture;

/// <summary>
/// The tiny random GPT-2 written by tools/reference/make_gpt2_fixture.py (PyTorch), with its golden
/// logits, hook-point activations and gradients of L = Σ_b logsumexp(logits[b, last real position]).
/// </summary>
internal sealed class GoldenGpt2 : IDisposable
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "gpt2-tiny");
    private readonly SafetensorsFile _golden = SafetensorsFile.Open(Path.Combine(Folder, "golden.safetensors"));

    public GoldenGpt2()
    {
        Model = ModelLoader.Load(Path.Combine(Folder, "model"));
        var ids = _golden.ReadInt64("tokens");
        Lengths = _golden.ReadInt64("lengths").Select(l => (int)l).ToArray();
        var seq = ids.Length / Lengths.Length;
        Batch = new TokenBatch(Lengths.Select((len, b) => ids.Skip(b * seq).Take(len).Select(i => (int)i).ToArray()).ToArray());
    }

    public HookedTransformer Model { get; }

    public TokenBatch Batch { get; }

    public int[] Lengths { get; }

    /// <summary>Hook-point names the fixture has activations and gradients for.</summary>
    public IEnumerable<string> HookNames => _golden.Tensors.Select(t => t.Name).Where(n => n.StartsWith("act.", StringComparison.Ordinal)).Select(n => n[4..]);

    public float[] Read(string name) => _golden.ReadFloat32(name);

    public void Dispose() => _golden.Dispose();
}
