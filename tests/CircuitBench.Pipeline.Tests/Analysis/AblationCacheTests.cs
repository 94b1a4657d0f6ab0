using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Loading;
using CircuitBench.Pipeline.Analysis;
using CircuitBench.Pipeline.Tests.Stages;
using CircuitBench.Tensors;

namespace CircuitBench.Pipeline.Tests.Analysis;

public sealed class AblationCacheTests : IDisposable
{
    private readonly SweepFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData(AblationKind.Resample)]
    [InlineData(AblationKind.Mean)]
    [InlineData(AblationKind.Zero)]
    public void Read_back_outputs_are_bit_identical_to_the_computed_ones_and_run_no_forward(AblationKind kind)
    {
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var dataset = DatasetReader.Read(_fixture.DatasetPath, DatasetReadOptions.For(model.Config, null));
        var batches = dataset.Batches(2);
        var computed = new AblatedOutputs(model, kind, dataset, batches);
        var path = Path.Combine(_fixture.Root, "ablated.safetensors");
        AblationCache.Write(computed, path);

        var read = AblationCache.Read(path, model.Config, kind, dataset.Batches(2));
        Assert.Equal(computed.IsShared, read.IsShared);
        for (var n = 0; n < batches.Count; n++)
        {
            var (a, b) = (computed.ForBatch(n), read.ForBatch(n));
            Assert.Equal(Bits(a.Input), Bits(b.Input));
            Assert.Equal(a.Heads.Select(Bits), b.Heads.Select(Bits));
            Assert.Equal(a.Mlps.Select(m => Bits(m!)), b.Mlps.Select(m => Bits(m!)));
            Assert.Equal(kind == AblationKind.Resample ? [2, batches[n].Clean.Seq, 2, 16] : new[] { 1, 1, 2, 16 }, b.Heads[1].Shape.ToArray());
        }
        Assert.Equal(0, read.Forwards);
    }

    [Fact]
    public void A_cache_written_for_other_batches_or_another_ablation_is_refused_with_what_differs()
    {
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var dataset = DatasetReader.Read(_fixture.DatasetPath, DatasetReadOptions.For(model.Config, null));
        var path = Path.Combine(_fixture.Root, "ablated.safetensors");
        AblationCache.Write(new AblatedOutputs(model, AblationKind.Resample, dataset, dataset.Batches(2)), path);

        var batches = Assert.Throws<ArgumentException>(() => AblationCache.Read(path, model.Config, AblationKind.Resample, dataset.Batches(4)));
        Assert.Contains("batches '2', not '1'", batches.Message);
        var kind = Assert.Throws<ArgumentException>(() => AblationCache.Read(path, model.Config, AblationKind.Mean, dataset.Batches(2)));
        Assert.Contains("ablation 'Resample', not 'Mean'", kind.Message);
    }

    private static string Bits(Tensor tensor) => Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Data));
}
