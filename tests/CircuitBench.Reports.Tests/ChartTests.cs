using System.Xml.Linq;
using CircuitBench.Reports.Charts;
using CircuitBench.Reports.Svg;

namespace CircuitBench.Reports.Tests;

public class ChartTests
{
    private static readonly ChartSeries Eap = new("eap", [new(1, 0.2), new(8, 0.6), new(40, 0.9), new(81, 1.0)]);
    private static readonly ChartSeries Random = new("random & <baseline>", [new(1, 0.0), new(8, double.NaN), new(40, -0.1), new(81, 1.0), new(0, 0.5)]);

    [Theory]
    [InlineData(0.8, 1)]
    [InlineData(1.3, 1)]
    [InlineData(2.1, 2)]
    [InlineData(0.031, 0.05)]
    [InlineData(420, 500)]
    [InlineData(6, 5)]
    [InlineData(8, 10)]
    public void Nice_steps_are_the_nearest_1_2_5_times_a_power_of_ten(double rough, double step) => Assert.Equal(step, Scale.NiceStep(rough), 12);

    [Fact]
    public void Scales_cover_the_data_with_nice_ticks_and_map_linearly_or_by_log10()
    {
        var linear = Scale.Linear([-0.13, 0.92], 300, 0);
        Assert.Equal([-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1], linear.Ticks);
        Assert.Equal(300, linear.Map(-0.2), 9);
        Assert.Equal(0, linear.Map(1), 9);
        Assert.Equal(250, linear.Map(0), 9);
        var log = Scale.Logarithmic([3, 81, double.NaN, -1], 0, 200);
        Assert.Equal([1, 10, 100], log.Ticks);
        Assert.Equal(100, log.Map(10), 9);
        var constant = Scale.Linear([5, 5], 0, 1).Ticks;
        Assert.True(constant[0] < 5 && constant[^1] > 5, "a constant series still gets a range around it");
    }

    [Fact]
    public void Coordinates_are_rounded_invariant_and_never_non_finite()
    {
        Assert.Equal("0", SvgDocument.N(-0.001));
        Assert.Equal("12.35", SvgDocument.N(12.345678));
        Assert.Equal("-3", SvgDocument.N(-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => SvgDocument.N(double.NaN));
        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;", SvgDocument.Escape("a <b> & \"c\" 'd'"));
    }

    [Fact]
    public void Faithfulness_chart_skips_non_finite_and_non_positive_x_and_matches_its_snapshot()
    {
        var svg = LineChart.Render(new ChartLabels("Faithfulness (toy-induction)", "edges in circuit (log)", "faithfulness"), [Eap, Random], logX: true);
        var document = XDocument.Parse(svg);
        var lines = document.Descendants().Where(e => e.Name.LocalName == "polyline").ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal(3, lines[1].Attribute("points")!.Value.Split(' ').Length);
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.Contains("random &amp; &lt;baseline&gt;", svg, StringComparison.Ordinal);
        Snapshot.Match("faithfulness.svg", svg);
    }

    [Fact]
    public void Roc_chart_has_the_diagonal_and_matches_its_snapshot()
    {
        var roc = new ChartSeries("eap (AUC 0.736)", [new(0, 0), new(0.1, 0.5), new(0.4, 0.9), new(1, 1)]);
        var svg = LineChart.Roc("ROC (toy-induction)", [roc]);
        Assert.Contains("stroke-dasharray=\"4 4\"", svg, StringComparison.Ordinal);
        XDocument.Parse(svg);
        Snapshot.Match("roc.svg", svg);
    }

    [Fact]
    public void Bar_chart_groups_bars_marks_missing_values_and_rejects_ragged_groups()
    {
        var svg = BarChart.Render(new ChartLabels("CPR", "algorithm", "CPR"), ["eap", "acdc"], [new("resample", [0.25, double.NaN]), new("zero", [-0.1, 0.4])]);
        var rects = XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "rect" && e.Element(e.Name.Namespace + "title") is not null).ToArray();
        Assert.Equal(3, rects.Length);
        Assert.Contains(">n/a<", svg, StringComparison.Ordinal);
        Snapshot.Match("bars.svg", svg);
        Assert.Throws<ArgumentException>(() => BarChart.Render(new ChartLabels("x", "", ""), ["a"], [new("g", [1, 2])]));
    }

    [Fact]
    public void Heatmap_colours_by_a_diverging_scale_and_writes_each_value()
    {
        Assert.Equal("#ffffff", Palette.Diverging(0));
        Assert.Equal("#2166ac", Palette.Diverging(1));
        Assert.Equal("#b2182b", Palette.Diverging(-3));
        Assert.Equal("#cccccc", Palette.Diverging(double.NaN));
        var svg = Heatmap.Render("Robustness", ["eap", "random"], ["ablation", "seed"], new[,] { { 0.95, double.NaN }, { 1, -0.02 } });
        XDocument.Parse(svg);
        Assert.Contains(">0.95<", svg, StringComparison.Ordinal);
        Assert.Contains(">n/a<", svg, StringComparison.Ordinal);
        Snapshot.Match("heatmap.svg", svg);
    }
}
