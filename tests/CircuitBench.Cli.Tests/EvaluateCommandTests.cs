using System.Text.Json;
using CircuitBench.Circuits.Evaluation;
using CircuitBench.Circuits.Graph;
using CircuitBench.Parquet;

namespace CircuitBench.Cli.Tests;

/// <summary><c>evaluate</c> on scores written by <c>attribute</c>: the curve table, CPR/CMD and bad inputs.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly AnalysisFixture _fixture = new();

    public EvaluateCommandTests()
    {
        var (exit, _, error) = AnalysisFixture.Run("attribute", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath, "--algorithm", "eap", "--out", ScoresPath);
        Assert.True(exit == 0, error);
    }

    public void Dispose() => _fixture.Dispose();

    private string ScoresPath => Path.Combine(_fixture.Root, "scores.parquet");

    private string CurvePath => Path.Combine(_fixture.Root, "curve.parquet");

    private (int Exit, string Output, string Error) Evaluate(params string[] extra) => EvaluateScores(ScoresPath, extra);

    private (int Exit, string Output, string Error) EvaluateScores(string scores, params string[] extra) =>
        AnalysisFixture.Run(["evaluate", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath, "--scores", scores, "--out", CurvePath, .. extra]);

    [Fact]
    public void Writes_the_signed_and_absolute_curves_at_mib_sizes_with_cpr_and_cmd()
    {
        var (exit, output, error) = Evaluate("--batch-size", "2");
        Assert.True(exit == 0, error);
        var file = ParquetReader.Read(CurvePath);
        Assert.Equal(["ranking", "fraction", "edges_requested", "edges", "metric", "faithfulness"], file.Table.Columns.Select(c => c.Name));
        var sizes = Faithfulness.MibFractions.Count;
        Assert.Equal(2 * sizes, file.RowCount);
        Assert.Equal([.. Enumerable.Repeat("signed", sizes), .. Enumerable.Repeat("absolute", sizes)], file.Table.Get<string>("ranking"));
        Assert.Equal([.. Faithfulness.MibFractions, .. Faithfulness.MibFractions], file.Table.Get<double>("fraction"));
        var edges = CircuitGraph.FromConfig(AnalysisFixture.Config).Edges.Count;
        var faithfulness = file.Table.Get<double>("faithfulness");
        Assert.Equal(1.0, faithfulness[sizes - 1], 1e-6);
        Assert.Equal(1.0, faithfulness[^1], 1e-6);
        Assert.Equal(edges, file.Table.Get<int>("edges")[^1]);
        Assert.Equal(edges, file.Table.Get<int>("edges_requested")[^1]);

        using var summary = JsonDocument.Parse(output);
        var root = summary.RootElement;
        var (cpr, cmd) = (root.GetProperty("cpr").GetDouble(), root.GetProperty("cmd").GetDouble());
        Assert.True(double.IsFinite(cpr) && double.IsFinite(cmd));
        Assert.Equal("signed", root.GetProperty("cpr_ranking").GetString());
        Assert.Equal("absolute", root.GetProperty("cmd_ranking").GetString());
        Assert.NotEqual(root.GetProperty("full").GetDouble(), root.GetProperty("empty").GetDouble());
        var x = Faithfulness.MibFractions;
        Assert.Equal(Faithfulness.Trapezoid(x, faithfulness[..sizes]), cpr, 1e-12);
        Assert.Equal(Faithfulness.Trapezoid(x, faithfulness[sizes..].Select(f => Math.Abs(1 - f)).ToArray()), cmd, 1e-12);
        Assert.Equal("faithfulness-curve", file.Metadata["circuitbench.kind"]);
        Assert.Equal("eap", file.Metadata["circuitbench.scores.algorithm"]);
        Assert.Equal(RoundTrip(cpr), file.Metadata["circuitbench.cpr"]);

        // The curve does not depend on the batch size beyond rounding.
        Assert.True(Evaluate("--batch-size", "5").Exit == 0);
        var oneBatch = ParquetReader.Read(CurvePath).Table.Get<double>("faithfulness");
        for (var i = 0; i < faithfulness.Length; i++) Assert.Equal(oneBatch[i], faithfulness[i], 1e-4);
    }

    private static string RoundTrip(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void One_ranking_and_custom_sizes()
    {
        var (exit, output, error) = Evaluate("--absolute", "true", "--sizes", "0.1,0.5,1", "--ablation", "mean", "--metric", "prob-diff");
        Assert.True(exit == 0, error);
        var file = ParquetReader.Read(CurvePath);
        Assert.Equal(["absolute", "absolute", "absolute"], file.Table.Get<string>("ranking"));
        Assert.Equal([0.1, 0.5, 1], file.Table.Get<double>("fraction"));
        Assert.Equal(1.0, file.Table.Get<double>("faithfulness")[^1], 1e-6);
        using var summary = JsonDocument.Parse(output);
        Assert.Equal("absolute", summary.RootElement.GetProperty("cpr_ranking").GetString());
        Assert.Equal("mean", file.Metadata["circuitbench.ablation"]);
        Assert.Equal("prob-diff", file.Metadata["circuitbench.metric"]);
    }

    [Fact]
    public void Bad_sizes_scores_and_names_fail_and_write_nothing()
    {
        var nodeScores = Path.Combine(_fixture.Root, "nodes.parquet");
        Assert.Equal(0, AnalysisFixture.Run("attribute", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath, "--algorithm", "eap", "--level", "node", "--out", nodeScores).Exit);
        var truncated = Path.Combine(_fixture.Root, "truncated.parquet");
        var table = ParquetReader.Read(ScoresPath).Table;
        ParquetWriter.Write(truncated, new ParquetTable(ParquetColumn.Create("edge", table.Get<string>("edge")[1..]), ParquetColumn.Create("score", table.Get<double>("score")[1..])));
        var notParquet = _fixture.WriteFile("scores.txt", "not parquet");
        var before = _fixture.Files();
        foreach (var (scores, args, expected) in new (string, string[], string)[]
                 {
                     (ScoresPath, ["--sizes", "0.1,x"], "'x' is not a fraction in (0, 1]"),
                     (ScoresPath, ["--sizes", "0.5,0.1"], "the fractions must increase"),
                     (ScoresPath, ["--metric", "nope"], "Unknown metric 'nope'; use one of: logit-diff"),
                     (ScoresPath, ["--ablation", "nope"], "use one of: resample, mean"),
                     (nodeScores, ["--slice-to", "a1.h0"], "holds node scores; --slice-to and --slice-from apply to edge scores"),
                     (ScoresPath, ["--counts", "5,3"], "the counts must increase"),
                     (ScoresPath, ["--counts", "2,x"], "'x' is not a whole number"),
                     (ScoresPath, ["--counts", "1,100000"], "100000 is more than the"),
                     (truncated, [], $"e.g. '{table.Get<string>("edge")[0]}' has no score"),
                     (notParquet, [], "Parquet file"),
                 })
        {
            var (exit, output, error) = EvaluateScores(scores, args);
            Assert.Equal(1, exit);
            Assert.Equal("", output);
            Assert.Contains(expected, error);
        }
        var (both, _, bothError) = Evaluate("--counts", "1", "--sizes", "0.5");
        Assert.NotEqual(0, both);
        Assert.Contains("--sizes and --counts cannot be combined", bothError);
        Assert.Equal(before, _fixture.Files());
    }

    [Fact]
    public void Counts_give_circuits_of_exactly_those_sizes()
    {
        var (exit, output, error) = Evaluate("--counts", "1,3,10", "--absolute", "true");
        Assert.True(exit == 0, error);
        var file = ParquetReader.Read(CurvePath);
        var edges = CircuitGraph.FromConfig(AnalysisFixture.Config).Edges.Count;
        Assert.Equal([1, 3, 10], file.Table.Get<int>("edges_requested"));
        Assert.Equal([1.0 / edges, 3.0 / edges, 10.0 / edges], file.Table.Get<double>("fraction"));
        Assert.All(file.Table.Get<int>("edges"), e => Assert.True(e <= 10));
        Assert.Equal("edge", file.Metadata["circuitbench.level"]);
        Assert.Contains("\"sizes\":3", output);
    }

    [Fact]
    public void Node_scores_give_node_circuits_whose_largest_is_the_full_model()
    {
        var nodeScores = Path.Combine(_fixture.Root, "nodes.parquet");
        Assert.Equal(0, AnalysisFixture.Run("attribute", "--model", _fixture.ModelFolder, "--dataset", _fixture.DatasetPath, "--algorithm", "eap", "--level", "node", "--out", nodeScores).Exit);
        var (exit, _, error) = EvaluateScores(nodeScores, "--counts", "1,2,6", "--absolute", "true");
        Assert.True(exit == 0, error);
        var file = ParquetReader.Read(CurvePath);
        Assert.Equal("node", file.Metadata["circuitbench.level"]);
        Assert.Equal(["ranking", "fraction", "nodes_requested", "edges", "metric", "faithfulness"], file.Table.Columns.Select(c => c.Name));
        Assert.Equal([1, 2, 6], file.Table.Get<int>("nodes_requested"));
        var graph = CircuitGraph.FromConfig(AnalysisFixture.Config);
        var edges = file.Table.Get<int>("edges");
        Assert.Equal(graph.Edges.Count, edges[^1]);                                  // every head and MLP (2 layers × (2 heads + 1 MLP)): every edge
        Assert.True(edges[0] < edges[1] && edges[1] < edges[2]);
        Assert.True(Math.Abs(file.Table.Get<double>("faithfulness")[^1] - 1) < 1e-9);

        // The one-node circuit is the top node by Σ|edge score| with every edge among it, input and logits.
        var nodes = ParquetReader.Read(nodeScores).Table;
        var names = nodes.Get<string>("node");
        var values = nodes.Get<double>("score");
        var top = Enumerable.Range(0, names.Length).Where(i => names[i] != "input").OrderByDescending(i => values[i]).ThenBy(i => i).First();
        var expected = graph.Edges.Count(e => e.Source.Name is "input" || e.Source.Name == names[top]
            ? e.Destination.Node.Name == "logits" || e.Destination.Node.Name == names[top] : false);
        Assert.Equal(expected, edges[0]);
    }

    [Fact]
    public void Per_prompt_values_average_to_each_points_metric()
    {
        var promptsPath = Path.Combine(_fixture.Root, "prompts.parquet");
        var (exit, _, error) = Evaluate("--sizes", "0.1,1", "--batch-size", "2", "--per-prompt", promptsPath);
        Assert.True(exit == 0, error);
        var curve = ParquetReader.Read(CurvePath).Table;
        var prompts = ParquetReader.Read(promptsPath).Table;
        var n = AnalysisFixture.Prompts.Length;
        Assert.Equal(curve.RowCount * n, prompts.RowCount);
        Assert.Equal(Enumerable.Range(0, curve.RowCount).SelectMany(_ => Enumerable.Range(0, n)), prompts.Get<int>("prompt"));
        var values = prompts.Get<double>("metric");
        for (var row = 0; row < curve.RowCount; row++)
        {
            var mean = values.Skip(row * n).Take(n).Average();
            Assert.True(Math.Abs(mean - curve.Get<double>("metric")[row]) <= 1e-9 * (1 + Math.Abs(mean)), $"row {row}: {mean} vs {curve.Get<double>("metric")[row]}");
            Assert.All(prompts.Get<string>("ranking").Skip(row * n).Take(n), r => Assert.Equal(curve.Get<string>("ranking")[row], r));
        }
        Assert.True(values.Distinct().Count() > 2);                                   // prompts differ: not one value repeated
    }
}
