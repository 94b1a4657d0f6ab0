using CircuitBench.Reports.Diagrams;

namespace CircuitBench.Reports.Tests;

public class DiagramTests
{
    private static readonly DiagramEdge[] Edges =
    [
        new("input", "a0.h2", "q", 0.4), new("a0.h2", "a1.h3", "k", -1.2), new("a1.h3", "logits", null, 2.0), new("m0", "a1.h3", "v", 0.1),
    ];

    [Fact]
    public void Dot_ranks_nodes_by_layer_colours_edges_by_sign_and_matches_its_snapshot()
    {
        var dot = CircuitDot.Write("eap \"top 4\"", Edges);
        var ranks = dot.Split('\n').Where(l => l.Contains("rank=same", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["input", "a0.h2", "m0", "a1.h3", "logits"], ranks.Select(r => r.Split('"')[1]));
        Assert.Contains("\"a0.h2\" -> \"a1.h3\" [color=\"#b2182b\", penwidth=2.6, label=\"k\"", dot, StringComparison.Ordinal);
        Assert.Contains("label=\"eap \\\"top 4\\\"\"", dot, StringComparison.Ordinal);
        Snapshot.Match("circuit.dot", dot);
    }

    [Fact]
    public void Rendering_writes_svg_when_dot_is_installed_and_otherwise_says_why_it_skipped()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"render-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var dot = Path.Combine(folder, "c.dot");
            File.WriteAllText(dot, CircuitDot.Write("c", Edges));
            var result = GraphvizRenderer.Render(dot, Path.Combine(folder, "c.svg"), Path.Combine(folder, "c.png"));
            if (GraphvizRenderer.Find("dot") is null)
            {
                Assert.Empty(result.Written);
                Assert.Contains(result.Skipped, s => s.Contains("apt-get install graphviz", StringComparison.Ordinal));
                return;
            }
            Assert.Contains(Path.Combine(folder, "c.svg"), result.Written);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(folder, "c.svg")), StringComparison.Ordinal);
            Assert.Equal(GraphvizRenderer.Find("rsvg-convert") is null ? 1 : 2, result.Written.Count);
            Assert.DoesNotContain(Directory.GetFiles(folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
