using CircuitBench.Models.Architecture;
using CircuitBench.Models.Training;

namespace CircuitBench.Models.Tests.Training;

/// <summary>Small variants of the real recipes that train in well under a second.</summary>
internal static class TinyRecipes
{
    public static Recipe Induction(int steps = 3) => Recipes.ToyInduction2L with
    {
        Model = new ModelConfig(DModel: 16, NLayers: 2, NHeads: 2, DHead: 8, DMlp: 0, DVocab: 12, NCtx: 11,
            AttnOnly: true, BlockLayerNorms: true, TiedEmbeddings: false, BosTokenId: RepeatedTokensTask.Bos),
        Task = new RepeatedTokensTask(Vocab: 12, MinPeriod: 3, Length: 11, EvaluationRows: 4),
        Training = Recipes.ToyInduction2L.Training with { Steps = steps, BatchSize = 4, WarmupSteps = 1 },
    };

    public static Recipe Mlp(int steps = 3)
    {
        var task = new ModularAdditionTask(Modulus: 5);
        return Recipes.ToyMlp2L with
        {
            Model = new ModelConfig(DModel: 16, NLayers: 2, NHeads: 2, DHead: 8, DMlp: 32, DVocab: task.Vocab, NCtx: 4, BosTokenId: task.Bos),
            Task = task,
            Training = Recipes.ToyMlp2L.Training with { Steps = steps, BatchSize = 16, WarmupSteps = 1 },
        };
    }
}
