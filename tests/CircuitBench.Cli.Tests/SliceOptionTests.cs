using System.Globalization;
using System.Text.Json;
using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Parquet;

namespace CircuitBench.Cli.Tests;

/// <summary><c>--slice-to</c> / <c>--slice-from</c> on <c>attribute</c> and <c>evaluate</c>: the slice's metadata and column, masked scores, and errors that write nothing.</summary>
public sealed class SliceOptionTests : IDisposable
{
    private readonly AnalysisFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static readonly CircuitGraph Graph = CircuitGraph.FromConfig(AnalysisFixture.Config);

    private string ScoresPath => Path.Combine(_fixture.Root, "out", "scores.parquet");

    private string CurvePath => Path.Combine(_fixture.Root, "out", "curve.parquet");

    private (int Exit, string Output, string Error) Attribute(params string[] extra) =>
        AnalysisFixture.Run(["attribute", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath, "--out", ScoresPath, .. extra]);

    private (int Exit, string Output, string Error) Evaluate(params string[] extra) =>
        AnalysisFixture.Run(["evaluate", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath, "--scores", ScoresPath, "--out", CurvePath, .. extra]);

    private static GraphSlice Backward(params string[] nodes) => GraphSlice.Backward(Graph, nodes.Select(Graph.Node));

    private static GraphSlice Forward(params string[] nodes) => GraphSlice.Forward(Graph, nodes.Select(Graph.Node));

    [Fact]
    public void Both_commands_offer_the_two_options()
    {
        foreach (var command in new[] { "attribute", "evaluate" })
        {
            var (exit, output, _) = AnalysisFixture.Run(command, "--help");
            Assert.Equal(0, exit);
            Assert.Contains("--slice-to", output);
            Assert.Contains("--slice-from", output);
        }
    }

    [Fact]
    public void Attribute_on_a_backward_slice_scores_only_its_edges_and_records_it()
    {
        var (exit, output, error) = Attribute("--algorithm", "eap", "--slice-to", "a1.h0, m1", "--batch-size", "5");
        Assert.True(exit == 0, error);
        var file = ParquetReader.Read(ScoresPath);
        var slice = Backward("a1.h0", "m1");
        Assert.Equal(["src", "dst", "edge", "score", "abs_rank", "in_slice"], file.Table.Columns.Select(c => c.Name));
        Assert.Equal(Graph.Edges.Count, file.RowCount);
        Assert.Equal(Graph.Edges.Select(e => e.Name), file.Table.Get<string>("edge"));
        Assert.Equal(slice.EdgeMask, file.Table.Get<bool>("in_slice"));
        Assert.InRange(slice.Edges.Count, 1, Graph.Edges.Count - 1);
        Assert.Equal("to:a1.h0,m1", file.Metadata["circuitbench.slice"]);
        Assert.Equal(slice.Edges.Count.ToString(CultureInfo.InvariantCulture), file.Metadata["circuitbench.slice.edges"]);

        var scores = file.Table.Get<double>("score");
        var expected = DirectEap(_fixture.ModelFolder);
        var scale = expected.Max(Math.Abs);
        foreach (var edge in Graph.Edges)
        {
            if (!slice.Contains(edge)) Assert.Equal(0.0, scores[edge.Index]);
            else Assert.True(Math.Abs(scores[edge.Index] - expected[edge.Index]) <= 1e-5 * scale, $"{edge}: {scores[edge.Index]} vs whole-graph {expected[edge.Index]}");
        }
        Assert.Contains($"wrote {Graph.Edges.Count} rows", output);

        // Without a slice: no in_slice column and no slice metadata.
        Assert.True(Attribute("--algorithm", "eap").Exit == 0);
        var whole = ParquetReader.Read(ScoresPath);
        Assert.DoesNotContain("in_slice", whole.Table.Columns.Select(c => c.Name));
        Assert.False(whole.Metadata.ContainsKey("circuitbench.slice"));
    }

    /// <summary>EAP run directly on the whole dataset as one batch, on the whole graph.</summary>
    private static double[] DirectEap(string modelFolder)
    {
        var model = ModelLoader.Load(modelFolder);
        var prompts = AnalysisFixture.Prompts;
        var set = new PromptSet(new TokenBatch([.. prompts.Select(p => p.Clean)]), new TokenBatch([.. prompts.Select(p => p.Corrupt)]),
            [.. prompts.Select(p => new[] { p.Answer })], [.. prompts.Select(p => new[] { p.Wrong })]);
        return Eap.Run(model, Graph, set, MetricRegistry.Get("logit-diff")).EdgeScores;
    }

    [Fact]
    public void Exact_on_a_forward_slice_runs_fewer_forwards_and_an_algorithm_ignoring_the_slice_is_masked()
    {
        var slice = Forward("m0");
        Assert.True(Attribute("--algorithm", "exact", "--batch-size", "5").Exit == 0);
        var wholeForwards = int.Parse(ParquetReader.Read(ScoresPath).Metadata["circuitbench.run.forwards"]!, CultureInfo.InvariantCulture);
        var (exit, _, error) = Attribute("--algorithm", "exact", "--slice-from", "m0", "--batch-size", "5");
        Assert.True(exit == 0, error);
        var file = ParquetReader.Read(ScoresPath);
        Assert.True(int.Parse(file.Metadata["circuitbench.run.forwards"]!, CultureInfo.InvariantCulture) < wholeForwards);
        Assert.Equal("from:m0", file.Metadata["circuitbench.slice"]);
        Assert.Equal(slice.EdgeMask, file.Table.Get<bool>("in_slice"));
        Assert.All(Graph.Edges.Where(e => !slice.Contains(e)), e => Assert.Equal(0.0, file.Table.Get<double>("score")[e.Index]));

        // A user algorithm that knows nothing of slices (EAP on every edge): the batched run still zeroes the rest.
        (exit, _, error) = Attribute("--algorithm", RecordingAlgorithm.Registered.Name, "--slice-from", "m0");
        Assert.True(exit == 0, error);
        var recorded = ParquetReader.Read(ScoresPath).Table.Get<double>("score");
        Assert.All(Graph.Edges.Where(e => !slice.Contains(e)), e => Assert.Equal(0.0, recorded[e.Index]));
        Assert.Contains(slice.Edges, e => recorded[e.Index] != 0);
    }

    [Fact]
    public void Evaluate_on_a_slice_sizes_circuits_by_the_slice_and_takes_the_slice_from_its_own_options()
    {
        // Scores made on another slice: evaluate uses the slice it is given and records both.
        Assert.True(Attribute("--algorithm", "eap", "--slice-to", "logits").Exit == 0);
        var slice = Forward("a0.h1");
        var (exit, output, error) = Evaluate("--slice-from", "a0.h1", "--sizes", "0.25,0.5,1");
        Assert.True(exit == 0, error);
        var file = ParquetReader.Read(CurvePath);
        Assert.Equal([0.25, 0.5, 1, 0.25, 0.5, 1], file.Table.Get<double>("fraction"));
        Assert.Equal(new[] { 0.25, 0.5, 1.0, 0.25, 0.5, 1.0 }.Select(f => (int)Math.Round(f * slice.Edges.Count)), file.Table.Get<int>("edges_requested"));
        Assert.Equal(slice.Edges.Count, file.Table.Get<int>("edges")[^1]);
        Assert.Equal(1.0, file.Table.Get<double>("faithfulness")[^1], 1e-6);
        Assert.Equal("from:a0.h1", file.Metadata["circuitbench.slice"]);
        Assert.Equal(slice.Edges.Count.ToString(CultureInfo.InvariantCulture), file.Metadata["circuitbench.slice.edges"]);
        Assert.Equal("to:logits", file.Metadata["circuitbench.scores.slice"]);

        // The empty circuit ablates the slice's edges only: not the whole graph's m(empty).
        using var sliced = JsonDocument.Parse(output);
        Assert.True(Evaluate("--sizes", "0.25,0.5,1").Exit == 0);
        var whole = ParquetReader.Read(CurvePath);
        Assert.False(whole.Metadata.ContainsKey("circuitbench.slice"));
        Assert.Equal(whole.Metadata["circuitbench.metric.full"], file.Metadata["circuitbench.metric.full"]);
        Assert.NotEqual(whole.Metadata["circuitbench.metric.empty"], file.Metadata["circuitbench.metric.empty"]);
        Assert.Equal(double.Parse(file.Metadata["circuitbench.metric.empty"]!, CultureInfo.InvariantCulture), sliced.RootElement.GetProperty("empty").GetDouble());
    }

    [Theory]
    [InlineData("attribute", new[] { "--slice-to", "a1.h0,a1.h7" }, new[] { "'a1.h7'", "a0.h0 … a1.h1", "models show" })]
    [InlineData("evaluate", new[] { "--slice-from", "mlp0" }, new[] { "--slice-from: no node 'mlp0'", "m0 … m1" })]
    [InlineData("attribute", new[] { "--slice-to", "a1.h0", "--slice-from", "m0" }, new[] { "cannot be combined" })]
    [InlineData("evaluate", new[] { "--slice-to", " , " }, new[] { "give one or more node names" })]
    [InlineData("attribute", new[] { "--slice-from", "logits" }, new[] { "the slice has no edges" })]
    [InlineData("attribute", new[] { "--slice-to", "input" }, new[] { "the slice has no edges" })]
    public void Bad_slices_are_errors_that_name_the_problem_and_write_nothing(string command, string[] slice, string[] messages)
    {
        var scores = Path.Combine(_fixture.Root, "scores.parquet");              // a good scores file: evaluate fails on the slice
        if (command == "evaluate")
            Assert.True(AnalysisFixture.Run("attribute", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath, "--algorithm", "eap", "--out", scores).Exit == 0);
        var before = _fixture.Files();
        string[] args = command == "attribute"
            ? ["attribute", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath, "--algorithm", "eap", "--out", ScoresPath, .. slice]
            : ["evaluate", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath, "--scores", scores, "--out", CurvePath, .. slice];
        var (exit, output, error) = AnalysisFixture.Run(args);
        Assert.Equal(1, exit);
        Assert.DoesNotContain("wrote", output);
        foreach (var message in messages) Assert.Contains(message, error);
        Assert.Equal(before, _fixture.Files());
    }
}
