using CircuitBench.Models.Architecture;

namespace CircuitBench.Models.Tokenization;

/// <summary>Turns text prompts into a right-padded <see cref="TokenBatch"/>.</summary>
public static class PromptBatch
{
    /// <summary>
    /// Encodes each prompt (special tokens are not recognised in the text), prepending the BOS token when
    /// <paramref name="prependBos"/> says so — by default exactly when the tokenizer defines one (GPT-2:
    /// <c>&lt;|endoftext|&gt;</c>, as TransformerLens does). Padding uses the EOS id (else 0); attention never sees it.
    /// </summary>
    public static TokenBatch Encode(Gpt2Tokenizer tokenizer, IReadOnlyList<string> prompts, bool? prependBos = null)
    {
        var bos = prependBos ?? tokenizer.BosTokenId is not null;
        if (bos && tokenizer.BosTokenId is null)
            throw new ArgumentException("A BOS token was requested but the tokenizer defines none; pass prependBos: false.");
        var sequences = prompts.Select((text, i) =>
        {
            var ids = tokenizer.Encode(text);
            if (ids.Length == 0 && !bos) throw new ArgumentException($"Prompt {i} encodes to no tokens.");
            return bos ? [tokenizer.BosTokenId!.Value, .. ids] : ids;
        }).ToArray();
        return new TokenBatch(sequences, tokenizer.EosTokenId ?? 0);
    }
}
