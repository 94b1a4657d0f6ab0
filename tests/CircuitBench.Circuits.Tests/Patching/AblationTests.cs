using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;

namespace CircuitBench.Circuits.Tests.Patching;

public class AblationTests
{
    [Fact]
    public void Mean_averages_every_real_token_and_ignores_padding()
    {
        var model = TinyModel.Create();
        var reference = new TokenBatch([[1, 2, 3, 4], [5, 6], [7, 8, 9]]);
        var mean = Ablation.For(AblationKind.Mean, model, reference, reference: [reference]);
        var alone = reference.Lengths.Select((len, b) => SourceActivations.Capture(model, new TokenBatch([reference.Ids.Skip(b * reference.Seq).Take(len).ToArray()]))).ToArray();
        var (h, d) = (model.Config.NHeads, model.Config.DModel);
        Assert.Equal([1, 1, h, d], mean.Heads[1].Shape.ToArray());
        var expected = new double[h * d];
        foreach (var run in alone)
        {
            var heads = run.Heads[1];                                        // [1, len, h, d]
            for (var i = 0; i < heads.Size; i++) expected[i % (h * d)] += heads.Data[i];
        }
        TinyModel.AssertClose(expected.Select(v => (float)(v / 9)).ToArray(), mean.Heads[1].ToArray(), 1e-5);
    }

    [Fact]
    public void Mean_positional_keeps_positions_and_needs_one_length()
    {
        var model = TinyModel.Create();
        var reference = new TokenBatch([[1, 2, 3], [4, 5, 6]]);
        var mean = Ablation.For(AblationKind.MeanPositional, model, reference, reference: [reference]);
        Assert.Equal([1, 3, 1, model.Config.DModel], mean.Input.Shape.ToArray());
        var all = SourceActivations.Capture(model, reference).Input;       // [2, 3, 1, d]
        var d = model.Config.DModel;
        var expected = Enumerable.Range(0, 3 * d).Select(i => (all.Data[i] + all.Data[3 * d + i]) / 2).ToArray();
        TinyModel.AssertClose(expected, mean.Input.ToArray());
        var ragged = new TokenBatch([[1, 2, 3], [4, 5]]);
        Assert.Contains("one token length", Assert.Throws<ArgumentException>(() => Ablation.For(AblationKind.MeanPositional, model, ragged, reference: [ragged])).Message);
    }

    [Fact]
    public void Mean_over_several_reference_batches_pools_every_chunk_with_its_own_kind()
    {
        var model = TinyModel.Create();
        var one = new TokenBatch([[1, 2, 3], [4, 5, 6]]);
        var split = Ablation.For(AblationKind.Mean, model, one, reference: [new TokenBatch([[1, 2, 3]]), new TokenBatch([[4, 5, 6]])]);
        var whole = Ablation.For(AblationKind.Mean, model, one, reference: [one]);
        foreach (var (a, b) in split.Chunks().Zip(whole.Chunks()))
        {
            Assert.Equal(b.Shape.ToArray(), a.Shape.ToArray());
            TinyModel.AssertClose(b.ToArray(), a.ToArray());
        }
    }
}
