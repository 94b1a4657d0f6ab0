using CircuitBench.Models.Architecture;
using CircuitBench.Models.Training;
using CircuitBench.Tensors;

namespace CircuitBench.Models.Tests.Training;

/// <summary>Gradient clipping, the learning-rate schedule and the weight-decay grouping.</summary>
public sealed class OptimizationPiecesTests
{
    [Fact]
    public void Clipping_scales_all_gradients_to_the_max_norm_and_returns_the_norm_before()
    {
        var a = Tensor.Zeros(2);
        var b = Tensor.Zeros(1);
        AdamWTests.SetGrad(a, [3f, 0f]);
        AdamWTests.SetGrad(b, [4f]);
        var norm = GradientClipping.ClipByGlobalNorm([a, b, Tensor.Zeros(3)], maxNorm: 1f);
        Assert.Equal(5f, norm, 1e-6f);
        Assert.Equal(0.6f, a.Grad!.Data[0], 1e-6f);
        Assert.Equal(0.8f, b.Grad!.Data[0], 1e-6f);
    }

    [Fact]
    public void Clipping_leaves_gradients_below_the_max_norm_untouched()
    {
        var a = Tensor.Zeros(2);
        AdamWTests.SetGrad(a, [0.3f, -0.4f]);
        Assert.Equal(0.5f, GradientClipping.ClipByGlobalNorm([a], maxNorm: 1f), 1e-6f);
        Assert.Equal([0.3f, -0.4f], a.Grad!.ToArray());
    }

    [Fact]
    public void Schedule_warms_up_linearly_then_follows_the_cosine_to_the_floor()
    {
        var schedule = new WarmupCosineSchedule(PeakLearningRate: 1f, WarmupSteps: 4, TotalSteps: 14, MinLearningRate: 0.1f);
        Assert.Equal([0.25f, 0.5f, 0.75f, 1f], Enumerable.Range(0, 4).Select(schedule.At));
        Assert.Equal(1f, schedule.At(4), 1e-6f);
        Assert.Equal(0.55f, schedule.At(9), 1e-6f);                       // halfway through the cosine
        Assert.Equal(0.1f + 0.45f * (1 + MathF.Cos(MathF.PI * 0.9f)), schedule.At(13), 1e-6f);
        Assert.Equal(0.1f, schedule.At(14), 1e-6f);
    }

    [Fact]
    public void Weight_decay_applies_to_projection_matrices_and_optionally_to_embeddings()
    {
        var config = new ModelConfig(DModel: 8, NLayers: 1, NHeads: 2, DHead: 4, DMlp: 16, DVocab: 5, NCtx: 4, TiedEmbeddings: false);
        var weights = WeightInit.Random(config, seed: 1);
        var decayed = TrainableParameter.Of(weights, decayEmbeddings: false).Where(p => p.Decay).Select(p => p.Name);
        Assert.Equal(
            ["blocks.0.attn.W_Q", "blocks.0.attn.W_K", "blocks.0.attn.W_V", "blocks.0.attn.W_O", "blocks.0.mlp.W_in", "blocks.0.mlp.W_out", "unembed.W_U"],
            decayed);
        var withEmbeddings = TrainableParameter.Of(weights, decayEmbeddings: true).Where(p => p.Decay).Select(p => p.Name).ToArray();
        Assert.Contains("embed.W_E", withEmbeddings);
        Assert.Contains("pos_embed.W_pos", withEmbeddings);
        Assert.Equal(weights.Named().Count(), TrainableParameter.Of(weights, false).Count);
    }
}
