using System.Text.Json;
using CircuitBench.Circuits.Data;
using CircuitBench.Circuits.Patching;
using CircuitBench.Models.Architecture;
using CircuitBench.Models.Loading;
using CircuitBench.Pipeline.Analysis;
using CircuitBench.Pipeline.Tests.Stages;

namespace CircuitBench.Pipeline.Tests.Analysis;

/// <summary>The mean ablations' reference dataset: averaged instead of the dataset, and refused where it cannot apply.</summary>
public sealed class AblatedOutputsTests : IDisposable
{
    private readonly SweepFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string Reference(params int[][] prompts)
    {
        var path = Path.Combine(_fixture.Root, $"reference-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            prompts = prompts.Select(p => new { clean = p, corrupt = p, answers = new[] { 1 }, wrong_answers = new[] { 2 } }),
        }));
        return path;
    }

    [Fact]
    public void Mean_over_a_reference_is_the_average_of_its_real_tokens_outputs()
    {
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var options = DatasetReadOptions.For(model.Config, null);
        var dataset = DatasetReader.Read(_fixture.DatasetPath, options);
        int[][] tokens = [[9, 9, 10], [10, 0, 3, 8, 7]];
        var reference = DatasetReader.Read(Reference(tokens), options);
        var outputs = new AblatedOutputs(model, AblationKind.Mean, dataset, dataset.Batches(2), reference);
        var mean = outputs.ForBatch(0).Heads[1];                                          // [1, 1, h, d]

        // Independently: each reference prompt alone (no padding), its head outputs summed over positions in double.
        var (h, d) = (model.Config.NHeads, model.Config.DModel);
        var sum = new double[h * d];
        foreach (var prompt in tokens)
        {
            var heads = SourceActivations.Capture(model, new TokenBatch([prompt])).Heads[1];   // [1, p, h, d]
            for (var i = 0; i < heads.Size; i++) sum[i % (h * d)] += heads.Data[i];
        }
        var count = tokens.Sum(t => t.Length);
        for (var i = 0; i < h * d; i++)
            Assert.True(Math.Abs(mean.Data[i] - sum[i] / count) <= 1e-5 * (1 + Math.Abs(sum[i] / count)), $"element {i}: {mean.Data[i]} vs {sum[i] / count}");
        var own = new AblatedOutputs(model, AblationKind.Mean, dataset, dataset.Batches(2)).ForBatch(0).Heads[1];
        Assert.NotEqual(own.ToArray(), mean.ToArray());
        Assert.Equal(1, outputs.Forwards);                                                 // the reference's one batch of 2
    }

    [Fact]
    public void A_reference_is_refused_where_it_cannot_apply()
    {
        var model = ModelLoader.Load(_fixture.ModelFolder);
        var options = DatasetReadOptions.For(model.Config, null);
        var dataset = DatasetReader.Read(_fixture.DatasetPath, options);
        var reference = DatasetReader.Read(Reference([9, 9, 10, 1]), options);
        foreach (var kind in new[] { AblationKind.Resample, AblationKind.Zero })
            Assert.Contains("only averaged by the mean and mean-positional", Assert.Throws<ArgumentException>(
                () => new AblatedOutputs(model, kind, dataset, dataset.Batches(2), reference)).Message);

        // mean-positional: one length, but the patched prompts are 4 tokens long and the reference's 3.
        var fours = dataset.Batches(4)[0].Clean.Lengths.All(l => l == 4)
            ? dataset : DatasetReader.Read(Reference([1, 2, 3, 4], [3, 3, 6, 1]), options);
        var threes = DatasetReader.Read(Reference([9, 9, 10], [1, 2, 3]), options);
        var error = Assert.Throws<ArgumentException>(() => new AblatedOutputs(model, AblationKind.MeanPositional, fours, fours.Batches(2), threes));
        Assert.Contains("3 tokens long but the patched prompts are 4", error.Message);
        var same = DatasetReader.Read(Reference([9, 9, 10, 2], [1, 2, 3, 5]), options);
        Assert.Equal([1, 4, 2, 16], new AblatedOutputs(model, AblationKind.MeanPositional, fours, fours.Batches(2), same).ForBatch(0).Heads[0].Shape.ToArray());
    }
}
