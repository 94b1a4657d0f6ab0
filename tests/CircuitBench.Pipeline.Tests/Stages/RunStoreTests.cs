using CircuitBench.Pipeline.Runs;
using CircuitBench.Pipeline.Specs;

namespace CircuitBench.Pipeline.Tests.Stages;

public sealed class RunStoreTests : IDisposable
{
    private readonly SweepFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Stores_a_run_with_its_spec_results_and_metadata_and_reuses_the_cache()
    {
        var text = $"model_id: {_fixture.ModelFolder}\ntask: induction\nalgorithm: eap\ndataset: {_fixture.DatasetPath}\nbatch_size: 2\nsizes: [0.5, 1]\n";
        var spec = RunSpecReader.Read(text, "spec.yaml", new SpecVocabulary(Tasks.TaskRegistry.Names));
        var store = new RunStore(Path.Combine(_fixture.Root, "results"));
        var first = store.Run(spec, text, TextWriter.Null);
        using var log = new StringWriter();
        var second = store.Run(spec, text, log);
        Assert.NotEqual(first, second);
        Assert.DoesNotContain("built", log.ToString());
        Assert.Equal(2, store.List().Count);
        Assert.Equal(text, File.ReadAllText(Path.Combine(store.Folder(first), "spec.yaml")));
        foreach (var file in RunStore.ResultFiles)
            Assert.Equal(File.ReadAllBytes(Path.Combine(store.Folder(first), file)), File.ReadAllBytes(Path.Combine(store.Folder(second), file)));
        var metadata = store.Metadata(first);
        Assert.Equal(("eap", first), (metadata["algorithm"]!.GetValue<string>(), metadata["run_id"]!.GetValue<string>()));
        Assert.Equal(64, metadata["model_sha256"]!.GetValue<string>().Length);
        Assert.True(double.IsFinite(store.Metrics(first)["cpr"]!.GetValue<double>()));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void Run_ids_cannot_escape_the_results_folder(string id)
    {
        var store = new RunStore(Path.Combine(_fixture.Root, "results"));
        Assert.Throws<ArgumentException>(() => store.Folder(id));
        Assert.Throws<ArgumentException>(() => store.Metadata(id));
    }
}
