using CircuitBench.Models.Architecture;
using CircuitBench.Models.Tokenization;

namespace CircuitBench.Tasks;

/// <summary>The token ids a model accepts: what generators of token-id prompts need to know about it.</summary>
/// <param name="Size">Vocabulary size; ids lie in [0, Size).</param>
/// <param name="BosTokenId">The BOS id prepended to every prompt, or null when the model uses none.</param>
/// <param name="ContextLength">The most tokens a prompt may have.</param>
public sealed record TokenSpace(int Size, int? BosTokenId, int ContextLength)
{
    /// <summary>
    /// The token space of <paramref name="config"/>: its vocabulary, context and BOS (the config's BOS, else its
    /// end-of-text token, which GPT-2 uses as BOS as TransformerLens does).
    /// </summary>
    public static TokenSpace Of(ModelConfig config) => new(config.DVocab, config.BosTokenId ?? config.EosTokenId, config.NCtx);

    /// <summary>The token space of <paramref name="tokenizer"/> with a context of <paramref name="contextLength"/> tokens.</summary>
    public static TokenSpace Of(Gpt2Tokenizer tokenizer, int contextLength) => new(tokenizer.VocabularySize, tokenizer.BosTokenId, contextLength);
}
