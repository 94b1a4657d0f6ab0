using CircuitBench.Models.Architecture;
using CircuitBench.Models.Tokenization;

namespace CircuitBench.Circuits.Data;

/// <summary>
/// How a dataset's text and token ids are turned into tokens for one model.
/// </summary>
/// <param name="VocabularySize">Token ids must lie in [0, VocabularySize).</param>
/// <param name="ContextLength">The most tokens a prompt may have.</param>
/// <param name="Tokenizer">The model's tokenizer, or null when the model has none (then every prompt and answer must be given as ids).</param>
public sealed record DatasetReadOptions(int VocabularySize, int ContextLength, Gpt2Tokenizer? Tokenizer)
{
    /// <summary>
    /// Whether text prompts get a BOS token: null (the default) follows <see cref="PromptBatch.Encode"/> — a BOS exactly
    /// when the tokenizer defines one, as TransformerLens does for GPT-2. Prompts given as ids never get one.
    /// </summary>
    public bool? PrependBos { get; init; }

    /// <summary>Policy for text answers of several tokens (default: first token, with a warning).</summary>
    public MultiTokenAnswers MultiTokenAnswers { get; init; } = MultiTokenAnswers.FirstToken;

    /// <summary>Options for <paramref name="config"/>'s vocabulary and context, with <paramref name="tokenizer"/> (null when the model folder has none).</summary>
    public static DatasetReadOptions For(ModelConfig config, Gpt2Tokenizer? tokenizer) => new(config.DVocab, config.NCtx, tokenizer);
}
