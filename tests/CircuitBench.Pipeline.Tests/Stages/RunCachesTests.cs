using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Metrics;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Pipeline.Runs;
using CircuitBench.Pipeline.Specs;
using CircuitBench.Safetensors;
using CircuitBench.Tensors;
using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Pipeline.Tests.Stages;

public sealed class RunCachesTests : IDisposable
{
    private readonly SweepFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Save_caches_stores_source_activations_and_gradients_that_match_finite_differences()
    {
        var text = $"model_id: {_fixture.ModelFolder}\ntask: induction\nalgorithm: eap\nmetric: logit-diff\ndataset: {_fixture.DatasetPath}\nbatch_size: 4\nsizes: [1]\n";
        var spec = RunSpecReader.Read(text, "spec.yaml", new SpecVocabulary(Tasks.TaskRegistry.Names));
        var store = new RunStore(Path.Combine(_fixture.Root, "results"));
        var folder = store.Folder(store.Run(spec, text, TextWriter.Null, saveCaches: true));
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var batch = DatasetReader.Read(_fixture.DatasetPath, DatasetReadOptions.For(model.Config, null)).Batches(4).Single();

        using var activations = SafetensorsFile.Open(Path.Combine(folder, RunCaches.ActivationsFile));
        Assert.Equal(2 * RunCaches.SourceHooks(model.Config).Count, activations.Tensors.Count);
        Tensor head;
        using (GradTape.NoGrad()) head = model.RunWithCache(batch.Corrupted!, n => n == "blocks.1.attn.hook_result").Cache["blocks.1.attn.hook_result"];
        // Equal up to float rounding (the cache ran with every source hook on, this run with one).
        var stored = activations.ReadFloat32("batch0.corrupt.blocks.1.attn.hook_result");
        Assert.Equal(head.Size, stored.Length);
        Assert.All(head.ToArray().Zip(stored), p => Assert.InRange(p.Second, p.First - 1e-5 * (1 + Math.Abs(p.First)), p.First + 1e-5 * (1 + Math.Abs(p.First))));

        using var gradients = SafetensorsFile.Open(Path.Combine(folder, RunCaches.GradientsFile));
        Assert.Equal(RunCaches.DestinationHooks(model.Config).Count, gradients.Tensors.Count);
        const string Last = "blocks.1.hook_resid_post";
        var grad = gradients.ReadFloat32($"batch0.{Last}");
        var metric = MetricRegistry.Get("logit-diff");
        double MetricWith(int index, float delta)
        {
            using var _ = GradTape.NoGrad();
            var logits = model.RunWithHooks(batch.Clean, (Last, (a, _) => { var b = Tensor.FromArray(a.ToArray(), a.Shape.ToArray()); b.Data[index] += delta; return b; }));
            return metric.Mean(logits, batch).Item();
        }
        foreach (var index in Enumerable.Range(0, grad.Length).OrderByDescending(i => Math.Abs(grad[i])).Take(3))
        {
            const float H = 1e-2f;
            var numeric = (MetricWith(index, H) - MetricWith(index, -H)) / (2 * H);
            Assert.InRange(grad[index], numeric - 0.03 * Math.Abs(numeric) - 1e-4, numeric + 0.03 * Math.Abs(numeric) + 1e-4);
        }
    }
}
