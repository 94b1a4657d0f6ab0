using CircuitBench.Circuits.Attribution;
using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Graph;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Loading;
using CircuitBench.Pipeline.Analysis;
using CircuitBench.Pipeline.Tests.Stages;

namespace CircuitBench.Pipeline.Tests.Analysis;

public sealed class BatchedAttributionTests : IDisposable
{
    private readonly SweepFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private sealed class Recorded : IProgress<AttributionProgress>
    {
        public List<AttributionProgress> Reports { get; } = [];

        public void Report(AttributionProgress value) => Reports.Add(value);
    }

    [Fact]
    public void Progress_hears_the_batch_and_within_it_each_acdc_threshold_in_order()
    {
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var dataset = DatasetReader.Read(_fixture.DatasetPath, DatasetReadOptions.For(model.Config, null));
        var progress = new Recorded();
        var parameters = new Dictionary<string, string> { ["thresholds"] = "0.001,0.01,0.1" };
        var oneBatch = dataset.Batches(dataset.Prompts.Count);
        var scores = BatchedAttribution.Run(AlgorithmRegistry.Get("acdc"), model, CircuitGraph.FromConfig(model.Config), dataset, oneBatch,
            new KlDivergenceMetric(), AblationKind.Resample, parameters, progress);

        AttributionProgress Batch(int done) => new(AttributionProgress.Batch, done, 1);
        AttributionProgress Threshold(int done) => new(AttributionProgress.Threshold, done, 3);
        Assert.Equal([Batch(0), Threshold(1), Threshold(2), Threshold(3), Batch(1)], progress.Reports);
        var quiet = BatchedAttribution.Run(AlgorithmRegistry.Get("acdc"), model, CircuitGraph.FromConfig(model.Config), dataset, oneBatch,
            new KlDivergenceMetric(), AblationKind.Resample, parameters);
        Assert.Equal(quiet.EdgeScores, scores.EdgeScores);
    }

    [Fact]
    public void Acdc_is_refused_several_batches_and_told_the_batch_size_that_holds_every_prompt()
    {
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var dataset = DatasetReader.Read(_fixture.DatasetPath, DatasetReadOptions.For(model.Config, null));
        Assert.True(dataset.Prompts.Count > 2);
        var error = Assert.Throws<ArgumentException>(() => BatchedAttribution.Run(AlgorithmRegistry.Get("acdc"), model, CircuitGraph.FromConfig(model.Config),
            dataset, dataset.Batches(2), new KlDivergenceMetric(), AblationKind.Resample, new Dictionary<string, string>()));
        Assert.Contains($"batch size of at least {dataset.Prompts.Count}", error.Message);
        Assert.False(AlgorithmRegistry.Get("acdc").AveragesOverBatches);
        Assert.Equal("kl", AlgorithmRegistry.Get("acdc").DefaultMetric);
        Assert.True(AlgorithmRegistry.Get("eap").AveragesOverBatches);
        Assert.Null(AlgorithmRegistry.Get("eap").DefaultMetric);
    }
}
