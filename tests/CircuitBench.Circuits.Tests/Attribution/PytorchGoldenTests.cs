using System.Text.Json;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Safetensors;

namespace CircuitBench.Circuits.Tests.Attribution;

/// <summary>
/// Edge scores against tools/reference/make_eap_fixture.py: an independent split-input GPT-2 in PyTorch (float64,
/// autograd) on a tiny random checkpoint in the Hugging Face layout, loaded here with <see cref="ModelLoader"/>.
/// Every edge must agree within 1e-3 of the largest |score|.
/// </summary>
public sealed class PytorchGoldenTests : IDisposable
{
    private const double Tolerance = 1e-3;
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "eap-gpt2");
    private readonly SafetensorsFile _golden = SafetensorsFile.Open(Path.Combine(Folder, "scores.safetensors"));
    private readonly HookedTransformer _model = ModelLoader.Load(Path.Combine(Folder, "model"));
    private readonly CircuitGraph _graph;
    private readonly PromptSet _prompts;

    public PytorchGoldenTests()
    {
        _graph = CircuitGraph.FromConfig(_model.Config);
        var answers = JsonSerializer.Deserialize<int[][]>(_golden.Metadata["answers"])!;
        var wrong = JsonSerializer.Deserialize<int[][]>(_golden.Metadata["wrong_answers"])!;
        _prompts = new PromptSet(Tokens("clean"), Tokens("corrupt"), answers, wrong);
    }

    [Fact]
    public void The_fixture_lists_our_edges_in_our_canonical_order()
    {
        var names = JsonSerializer.Deserialize<string[]>(_golden.Metadata["edges"])!;
        Assert.Equal(_graph.Edges.Select(e => e.Name), names);
    }

    [Fact]
    public void Eap_matches_pytorch_autograd_on_every_edge() =>
        AssertMatches("eap", Eap.Run(_model, _graph, _prompts, new LogitDifference()));

    [Fact]
    public void Exact_patching_matches_pytorch_on_every_edge() =>
        AssertMatches("exact", ExactPatching.Run(_model, _graph, _prompts, new LogitDifference()));

    [Fact]
    public void Eap_ig_inputs_matches_pytorch_autograd_on_every_edge()
    {
        var steps = int.Parse(_golden.Metadata["ig_steps"], System.Globalization.CultureInfo.InvariantCulture);
        AssertMatches("ig_inputs", EapIgInputs.Run(_model, _graph, _prompts, new LogitDifference(), steps));
    }

    public void Dispose() => _golden.Dispose();

    private TokenBatch Tokens(string name)
    {
        var ids = _golden.ReadInt64(name);
        var seq = (int)_golden[name].Shape[1];
        return new TokenBatch(ids.Chunk(seq).Select(row => row.Select(i => (int)i).ToArray()).ToArray());
    }

    private void AssertMatches(string name, AttributionScores ours)
    {
        var expected = _golden.ReadFloat32(name);
        Assert.Equal(_graph.Edges.Count, expected.Length);
        var scale = expected.Max(Math.Abs);
        Assert.True(scale > 1e-2, $"{name}: the PyTorch scores are all ~0 (max {scale:G3})");
        var worst = _graph.Edges.Max(e => Math.Abs(ours.EdgeScores[e.Index] - expected[e.Index])) / scale;
        foreach (var edge in _graph.Edges)
            Assert.True(Math.Abs(ours.EdgeScores[edge.Index] - expected[edge.Index]) <= Tolerance * scale,
                $"{name} {edge}: PyTorch {expected[edge.Index]:G6}, ours {ours.EdgeScores[edge.Index]:G6} (max |score| {scale:G4}; worst relative error {worst:G3})");
    }
}
