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
                     (nodeScores, [], "holds node scores; evaluate needs edge scores"),
                     (truncated, [], $"e.g. '{table.Get<string>("edge")[0]}' has no score"),
                     (notParquet, [], "Parquet file"),
                 })
        {
            var (exit, output, error) = EvaluateScores(scores, args);
            Assert.Equal(1, exit);
            Assert.Equal("", output);
            Assert.Contains(expected, error);
        }
        Assert.Equal(before, _fixture.Files());
    }
}
