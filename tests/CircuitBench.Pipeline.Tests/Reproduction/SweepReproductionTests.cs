using CircuitBench.Parquet;
using CircuitBench.Pipeline.Reproduction;
using CircuitBench.Pipeline.Specs;
using CircuitBench.Pipeline.Tests.Stages;

namespace CircuitBench.Pipeline.Tests.Reproduction;

public sealed class SweepReproductionTests : IDisposable
{
    private readonly SweepFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private SweepSpec Sweep => SweepReader.ReadFile(_fixture.WriteSweep(), new SpecVocabulary(Tasks.TaskRegistry.Names));

    [Fact]
    public void A_fresh_run_reproduces_its_reference_and_a_changed_reference_value_is_reported()
    {
        var (reference, scratch) = (Path.Combine(_fixture.Root, "reference"), Path.Combine(_fixture.Root, "scratch"));
        SweepReproduction.RunFresh(Sweep, scratch, TextWriter.Null);
        Assert.Equal(["robustness.parquet", "summary.parquet"], SweepReproduction.Update(Sweep, scratch, reference));
        Assert.All(SweepReproduction.Run(Sweep, reference, scratch, TextWriter.Null, Tolerances.Reproduction), c => Assert.Empty(c.Differences));

        var summary = Path.Combine(reference, "summary.parquet");
        var table = ParquetReader.Read(summary).Table;
        var cpr = table.Get<double>("cpr");
        cpr[1] += 0.01;
        ParquetWriter.Write(summary, new ParquetTable(table.Columns.Select(c => c.Name == "cpr" ? ParquetColumn.Create("cpr", cpr) : c)));
        var difference = Assert.Single(SweepReproduction.Run(Sweep, reference, scratch, TextWriter.Null, Tolerances.Reproduction).SelectMany(c => c.Differences));
        Assert.StartsWith("row 1 (cell '", difference.Where, StringComparison.Ordinal);
        Assert.EndsWith("column 'cpr'", difference.Where, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_scratch_folder_is_never_emptied_and_a_missing_reference_says_how_to_make_one()
    {
        var reference = Path.Combine(_fixture.Root, "reference");
        Assert.Contains("--update", Assert.Throws<ArgumentException>(() => SweepReproduction.Run(Sweep, reference, Path.Combine(_fixture.Root, "s"), TextWriter.Null, Tolerances.Reproduction)).Message);
        Directory.CreateDirectory(reference);
        File.WriteAllBytes(Path.Combine(reference, "summary.parquet"), [1]);
        var error = Assert.Throws<ArgumentException>(() => SweepReproduction.Run(Sweep, reference, _fixture.Root, TextWriter.Null, Tolerances.Reproduction));
        Assert.Contains("not a reproduction scratch folder", error.Message);
        Assert.True(File.Exists(_fixture.DatasetPath));
    }
}
