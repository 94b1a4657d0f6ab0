using CircuitBench.Parquet;
using CircuitBench.Pipeline.Specs;
using CircuitBench.Pipeline.Stages;

namespace CircuitBench.Pipeline.Tests.Stages;

public sealed class SweepRunnerTests : IDisposable
{
    private static readonly SpecVocabulary Vocabulary = new(Tasks.TaskRegistry.Names);
    private readonly SweepFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private (SweepRunner Runner, string Output) Run(string sweepFile, string results, string stage = StageNames.Report, bool plan = false)
    {
        using var output = new StringWriter();
        var runner = new SweepRunner(results, output, plan);
        runner.Run(SweepReader.ReadFile(sweepFile, Vocabulary), stage);
        return (runner, output.ToString());
    }

    private string Results(string name = "results") => Path.Combine(_fixture.Root, name);

    private sealed class Recorded : IProgress<SweepProgress>
    {
        public List<SweepProgress> Reports { get; } = [];

        public void Report(SweepProgress value) => Reports.Add(value);
    }

    [Fact]
    public void Progress_is_told_each_cell_and_each_sweep_wide_stage_in_order()
    {
        var sweep = SweepReader.ReadFile(_fixture.WriteSweep(), Vocabulary);
        var progress = new Recorded();
        new SweepRunner(Results(), TextWriter.Null) { Progress = progress }.Run(sweep, StageNames.Report);
        var cells = sweep.Cells.Count;
        Assert.Equal([.. sweep.Cells.Select(c => c.Id), StageNames.Aggregate, StageNames.Plots, StageNames.Report], progress.Reports.Select(r => r.Current));
        Assert.Equal([.. Enumerable.Range(0, cells), cells, cells, cells], progress.Reports.Select(r => r.CellsDone));
        Assert.All(progress.Reports, r => Assert.Equal(cells, r.Cells));
    }

    [Fact]
    public void Builds_every_stage_then_is_fully_cached_and_writes_one_summary_row_per_cell()
    {
        var sweep = _fixture.WriteSweep();
        var (first, firstOutput) = Run(sweep, Results());
        // 1 dataset + 1 model + 1 graph + 1 ground truth + 4 cells x (attribute, circuits, evaluate, roc) + aggregate + plots + report.
        Assert.Equal((23, 0), (first.Built, first.Cached));
        Assert.Contains("built      graph/", firstOutput);
        Assert.DoesNotContain("activations/", firstOutput);
        Assert.Contains("built      ground-truth/induction/", firstOutput);
        Assert.Contains("built      attribute/", firstOutput);
        var (second, secondOutput) = Run(sweep, Results());
        Assert.Equal((0, 23), (second.Built, second.Cached));
        Assert.DoesNotContain("built", secondOutput);
        var summary = ParquetReader.Read(Path.Combine(Results(), "sweeps", "test", "summary.parquet"));
        Assert.Equal(4, summary.Table.RowCount);
        Assert.Equal(["eap", "eap", "exact", "exact"], summary.Table.Get<string>("algorithm"));
        Assert.All(summary.Table.Get<double>("cpr"), v => Assert.True(double.IsFinite(v)));
        Assert.All(summary.Table.Get<double>("auc"), v => Assert.InRange(v, 0, 1));
        var published = Path.Combine(Results(), "sweeps", "test");
        Assert.True(File.Exists(Path.Combine(published, "timings.json")));
        var markdown = File.ReadAllText(Path.Combine(published, "report.md"));
        foreach (var figure in System.Text.RegularExpressions.Regex.Matches(markdown, @"\]\(([^)]+\.svg)\)").Select(m => m.Groups[1].Value))
            Assert.True(File.Exists(Path.Combine(published, figure)), $"report.md links {figure}, which was not published");
        Assert.Contains("_roc.svg", markdown);
        Assert.Contains("| eap | 2 |", markdown);
        var svgs = Directory.GetFiles(Path.Combine(published, "plots"), "*.svg").Where(f => !f.EndsWith(".render.svg", StringComparison.Ordinal)).ToArray();
        if (Reports.Diagrams.GraphvizRenderer.Find("rsvg-convert") is not null)
            Assert.All(svgs, svg => Assert.True(File.Exists(Path.ChangeExtension(svg, ".png")), $"no PNG beside {svg}"));
        var html = File.ReadAllText(Path.Combine(published, "report.html"));
        Assert.True(System.Text.RegularExpressions.Regex.Count(html, "<svg") >= 6, "the html inlines the figures");
    }

    [Fact]
    public void Changing_one_axis_value_rebuilds_only_the_affected_cells_and_explain_names_the_change()
    {
        Run(_fixture.WriteSweep(), Results());
        var changed = _fixture.WriteSweep(ablations: "[resample, mean]", name: "changed.yaml");
        var (plan, planOutput) = Run(changed, Results(), plan: true);
        Assert.Contains("stale      attribute/", planOutput);
        Assert.DoesNotContain("/resample/", string.Join('\n', planOutput.Split('\n').Where(l => l.StartsWith("stale", StringComparison.Ordinal))));
        Assert.Contains("stale      aggregate/test  (waits for", planOutput);
        var (rebuilt, output) = Run(changed, Results());
        // Two mean cells x 4 stages + aggregate, plots and report; the resample cells, dataset, model and ground truth stay cached.
        Assert.Equal(11, rebuilt.Built);
        Assert.Contains("cached     attribute/" + _fixture.ModelFolder + "/induction/eap/resample", output);
        Assert.Matches(@"built\s+aggregate/test\s+\(.*input '[^']*/mean/[^']*' added", output);
    }

    [Fact]
    public void Two_runs_from_empty_caches_write_byte_identical_parquet()
    {
        var sweep = _fixture.WriteSweep();
        Run(sweep, Results("one"));
        Run(sweep, Results("two"));
        string[] Parquet(string root) => [.. Directory.EnumerateFiles(Path.Combine(root, "cache"), "*.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
        var files = Parquet(Results("one"));
        Assert.Equal(files, Parquet(Results("two")));
        Assert.True(files.Length >= 13);
        foreach (var file in files.Append("sweeps/test/summary.parquet"))
            Assert.Equal(File.ReadAllBytes(Path.Combine(Results("one"), file)), File.ReadAllBytes(Path.Combine(Results("two"), file)));
    }

    [Fact]
    public void Cached_activations_are_built_once_per_ablation_and_give_byte_identical_results()
    {
        Run(_fixture.WriteSweep(), Results("computed"));
        var (cached, output) = Run(_fixture.WriteSweep(cacheActivations: true, name: "cached.yaml"), Results("cached"));
        // One activations target for resample, shared by the eap and exact cells; zero ablation needs no forward and has none.
        Assert.Single(output.Split('\n'), l => l.StartsWith("built      activations/", StringComparison.Ordinal));
        Assert.Contains("/resample/b2  (", output);
        Assert.Equal(24, cached.Built);
        string[] Published(string root, string stage) => [.. Directory.EnumerateFiles(Path.Combine(root, "cache", stage), "*.parquet", SearchOption.AllDirectories)
            .Select(File.ReadAllBytes).Select(Convert.ToHexString).Order(StringComparer.Ordinal)];
        foreach (var stage in new[] { StageNames.Attribute, StageNames.Evaluate, StageNames.Circuits })
            Assert.Equal(Published(Results("computed"), stage), Published(Results("cached"), stage));
        // The cached cells ran no ablation forward: two resample cells x two batches fewer.
        int Forwards(string root) => Directory.EnumerateFiles(Path.Combine(root, "cache", StageNames.Attribute), "cost.json", SearchOption.AllDirectories)
            .Sum(f => System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(f))!["forwards"]!.GetValue<int>());
        Assert.Equal(Forwards(Results("computed")) - 4, Forwards(Results("cached")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Results("computed"), "sweeps", "test", "summary.parquet")),
            File.ReadAllBytes(Path.Combine(Results("cached"), "sweeps", "test", "summary.parquet")));
    }

    [Fact]
    public void The_graph_entry_lists_the_models_edges_in_canonical_order()
    {
        Run(_fixture.WriteSweep(), Results(), stage: StageNames.Graph);
        var entry = Directory.GetDirectories(Path.Combine(Results(), "cache", StageNames.Graph)).Single(d => !Path.GetFileName(d).StartsWith('.'));
        var expected = Circuits.Graph.CircuitGraph.FromConfig(Models.Loading.ModelLoader.Load(_fixture.ModelFolder).Config);
        var edges = ParquetReader.Read(Path.Combine(entry, GraphStage.EdgesFile)).Table;
        Assert.Equal(expected.Edges.Select(e => e.Name), edges.Get<string>("edge"));
        Assert.Equal(expected.Edges.Select(e => e.SourceIndex), edges.Get<int>("src_index"));
        Assert.Equal(expected.Edges.Select(e => e.DestinationIndex), edges.Get<int>("dst_index"));
        var nodes = ParquetReader.Read(Path.Combine(entry, GraphStage.NodesFile)).Table;
        Assert.Equal(expected.Nodes.Select(n => n.Name), nodes.Get<string>("node"));
        Assert.Equal(-1, nodes.Get<int>("source_index")[^1]);
    }

    [Fact]
    public void A_dry_run_builds_nothing()
    {
        var (plan, output) = Run(_fixture.WriteSweep(), Results(), plan: true);
        Assert.Equal(0, plan.Cached);
        Assert.Contains("stale      datasets/", output);
        Assert.Contains("waits for", output);
        Assert.False(Directory.Exists(Path.Combine(Results(), "sweeps")));
        Assert.Empty(Directory.Exists(Path.Combine(Results(), "cache"))
            ? Directory.EnumerateFiles(Path.Combine(Results(), "cache"), "*.parquet", SearchOption.AllDirectories) : []);
    }
}
