namespace CircuitBench.Models.Tokenization;

/// <summary>
/// Tokenizer files cannot be used: malformed JSON or merges, a missing byte symbol or merge part,
/// or a tokenizer.json feature this tokenizer does not implement. The message names the file and the
/// field (or line) concerned and is meant to be shown to the user as is.
/// </summary>
public sealed class TokenizerFormatException : Exception
{
    /// <summary>Creates the exception with a complete, user-facing message.</summary>
    public TokenizerFormatException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a complete, user-facing message and the error that caused it.</summary>
    public TokenizerFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
