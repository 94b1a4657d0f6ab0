using CircuitBench.Circuits.Graph;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Training;
using CircuitBench.Tasks.GroundTruths;

namespace CircuitBench.Tasks.Tests.GroundTruths;

public class GroundTruthTests
{
    private static readonly CircuitGraph Gpt2Small = CircuitGraph.FromConfig(ModelPresets.Get("gpt2-small"));

    private static string DatasetsFile(string relative)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "datasets", relative);
            if (File.Exists(Path.Combine(folder.FullName, "CircuitBench.sln"))) return candidate;
        }
        throw new DirectoryNotFoundException($"No repository root above {AppContext.BaseDirectory}.");
    }

    [Theory]
    [InlineData("ioi")]
    [InlineData("greater-than")]
    public void Committed_ground_truth_files_are_the_acdc_expansion_and_load_into_gpt2_small(string task)
    {
        var definition = TaskRegistry.Get(task);
        var expected = task == "ioi" ? AcdcCanonicalCircuits.Ioi() : AcdcCanonicalCircuits.GreaterThan();
        var path = DatasetsFile(definition.GroundTruthFile!);
        Assert.Equal(GroundTruthJson.Serialize(expected), File.ReadAllBytes(path));
        var loaded = GroundTruthJson.Read(path);
        var flags = loaded.Flags(Gpt2Small);
        Assert.Equal(expected.Edges.Count, flags.Count(f => f));
        Assert.All(loaded.Edges, e => Assert.False(string.IsNullOrWhiteSpace(e.Source)));
        Assert.Throws<ArgumentException>(() => loaded.Flags(CircuitGraph.FromConfig(Recipes.ToyMlp2L.Model)));
    }

    [Fact]
    public void Ioi_covers_every_listed_head_with_its_group_connections()
    {
        var truth = AcdcCanonicalCircuits.Ioi();
        string[] listed = ["a9.h6", "a9.h9", "a10.h0", "a9.h0", "a9.h7", "a10.h1", "a10.h2", "a10.h6", "a10.h10", "a11.h2", "a11.h9",
            "a10.h7", "a11.h10", "a7.h3", "a7.h9", "a8.h6", "a8.h10", "a5.h5", "a5.h8", "a5.h9", "a6.h9", "a0.h1", "a0.h10", "a3.h0", "a2.h2", "a4.h11"];
        Assert.Equal(listed.Order(), truth.Nodes.Select(n => n.Name).Order());
        var edges = truth.Edges.Select(e => e.Name).ToHashSet();
        var heads = Gpt2Small.Sources.Where(n => n.Kind == NodeKind.AttentionHead).Select(n => n.Name).ToArray();
        Assert.All(listed, head => Assert.Contains(edges, e => e.StartsWith(head + "->", StringComparison.Ordinal)));
        Assert.All(heads.Except(listed), head => Assert.DoesNotContain(edges, e => e.StartsWith(head + "->", StringComparison.Ordinal) || e.Contains("->" + head + "<", StringComparison.Ordinal)));
        Assert.Contains("a2.h2->a5.h5<k>", edges);
        Assert.Contains("a5.h5->a7.h3<v>", edges);
        Assert.Contains("a8.h10->a9.h9<q>", edges);
        Assert.DoesNotContain("a8.h10->a9.h9<k>", edges);
        Assert.Contains("a9.h9->logits", edges);
        Assert.DoesNotContain("a5.h5->logits", edges);
        Assert.DoesNotContain("input->a9.h9<q>", edges);
        Assert.Contains("input->a9.h9<k>", edges);
        Assert.Contains("m3->a9.h9<q>", edges);
        Assert.Contains("a5.h5->m5", edges);
        // The MLP backbone and MLP <-> circuit-head edges, counted independently of the builder.
        var mlpToHead = listed.Sum(h => 3 * Gpt2Small.Node(h).Layer);
        var headToMlp = listed.Sum(h => 12 - Gpt2Small.Node(h).Layer);
        bool TouchesMlp(string e) => e.Split("->") is var p && (p[0].StartsWith('m') || p[1].StartsWith('m'));
        Assert.Equal(12 + 12 + 66 + mlpToHead + headToMlp, edges.Count(TouchesMlp));
    }

    [Fact]
    public void Greater_than_covers_the_listed_heads_and_mlps()
    {
        var truth = AcdcCanonicalCircuits.GreaterThan();
        var edges = truth.Edges.Select(e => e.Name).ToHashSet();
        foreach (var head in new[] { "a5.h1", "a5.h5", "a6.h1", "a6.h9", "a7.h10", "a8.h8", "a8.h11", "a9.h1" })
        {
            Assert.Contains(head + "->logits", edges);
            Assert.Contains($"a0.h1->{head}<q>", edges);
            Assert.Contains($"m0->{head}<v>", edges);
        }
        foreach (var mlp in new[] { "m8", "m9", "m10", "m11" }) Assert.Contains(mlp + "->logits", edges);
        Assert.Contains("a8.h8->m8", edges);
        Assert.Contains("m4->a9.h1<q>", edges);
        Assert.DoesNotContain("m4->a9.h1<k>", edges);
        Assert.DoesNotContain("a5.h1->a9.h1<q>", edges);
        Assert.Equal(3 + 4 + 8 + 4, truth.Nodes.Count);
    }

    [Fact]
    public void Induction_ground_truth_follows_the_head_scores()
    {
        var config = Recipes.ToyInduction2L.Model;
        var scores = new List<HeadScore>();
        for (var h = 0; h < config.NHeads; h++)
        {
            scores.Add(new HeadScore(0, h, PreviousToken: h == 2 ? 0.9 : 0.1, Induction: 0.05));
            scores.Add(new HeadScore(1, h, PreviousToken: 0.1, Induction: h == 3 ? 0.7 : h == 1 ? 0.6 : 0.1));
        }
        var truth = InductionGroundTruth.FromScores("toy", config, scores);
        Assert.Equal(["a0.h2", "a1.h1", "a1.h3"], truth.Nodes.Select(n => n.Name));
        string[] expected =
        [
            "input->a0.h2<q>", "input->a0.h2<k>", "input->a0.h2<v>", "input->a1.h1<q>", "input->a1.h1<v>", "input->a1.h3<q>", "input->a1.h3<v>",
            "a0.h2->a1.h1<k>", "a0.h2->a1.h3<k>", "a1.h1->logits", "a1.h3->logits",
        ];
        Assert.Equal(expected.Order(), truth.Edges.Select(e => e.Name).Order());
        var graph = CircuitGraph.FromConfig(config);
        Assert.Equal(truth.Edges.Select(e => graph.Edge(e.Name).Index).Order(), truth.Edges.Select(e => graph.Edge(e.Name).Index));
        var path = Path.Combine(Path.GetTempPath(), $"induction-gt-{Guid.NewGuid():N}.json");
        try
        {
            GroundTruthJson.WriteFile(path, truth);
            Assert.Equal(truth.Edges, GroundTruthJson.Read(path).Edges);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0.1, 0.9, "layer-0")]
    [InlineData(0.9, 0.2, "layer-1")]
    public void Flat_head_scores_are_refused_rather_than_making_every_head_the_best(double previous, double induction, string layer)
    {
        var config = Recipes.ToyInduction2L.Model;
        var scores = Enumerable.Range(0, config.NHeads)
            .SelectMany(h => new[] { new HeadScore(0, h, previous, 0.05), new HeadScore(1, h, 0.05, induction) }).ToArray();
        var error = Assert.Throws<ArgumentException>(() => InductionGroundTruth.FromScores("toy", config, scores));
        Assert.Contains(layer, error.Message);
        Assert.Contains("not learned induction", error.Message);
    }
}
