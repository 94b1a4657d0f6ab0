namespace CircuitBench.Cli.Tests;

/// <summary><c>stage</c> and <c>explain</c> over a sweep of the fixture's random model and dataset file.</summary>
public sealed class StageCommandTests : IDisposable
{
    private readonly AnalysisFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string Results => Path.Combine(_fixture.Root, "results");

    private string Sweep(string extra = "") => _fixture.WriteFile("sweep.yaml", $"""
        name: cli
        axes:
          models: [{_fixture.ModelFolder}]
          tasks: [induction]
          algorithms: [eap]
          ablations: [resample, zero]
        defaults:
          dataset: {_fixture.DatasetPath}
          sizes: [0.5, 1]
        {extra}
        """);

    [Fact]
    public void Stage_builds_then_reports_every_target_cached_and_explain_finds_nothing_stale()
    {
        var sweep = Sweep();
        var (exit, output, error) = AnalysisFixture.Run("stage", "report", "--sweep", sweep, "--results-dir", Results);
        Assert.True(exit == 0, error);
        Assert.Contains("built      evaluate/", output);
        Assert.True(File.Exists(Path.Combine(Results, "sweeps", "cli", "summary.parquet")));
        Assert.True(File.Exists(Path.Combine(Results, "sweeps", "cli", "report.html")));
        (exit, output, _) = AnalysisFixture.Run("stage", "report", "--sweep", sweep, "--results-dir", Results);
        Assert.Equal(0, exit);
        Assert.Contains("0 built", output);
        (exit, output, _) = AnalysisFixture.Run("explain", "--sweep", sweep, "--results-dir", Results);
        Assert.Equal(0, exit);
        Assert.Contains("0 stale", output);
    }

    [Fact]
    public void A_bad_sweep_exits_1_with_the_position_and_writes_nothing()
    {
        var sweep = Sweep("excludez: []");
        var before = _fixture.Files();
        var (exit, _, error) = AnalysisFixture.Run("stage", "models", "--sweep", sweep, "--results-dir", Results);
        Assert.Equal(1, exit);
        Assert.Contains("sweep.yaml:10:1: unknown key 'excludez'", error);
        Assert.Contains("Did you mean 'excludes'?", error);
        Assert.Equal(before, _fixture.Files());
    }
}
