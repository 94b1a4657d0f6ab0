namespace CircuitBench.Circuits.Data;

/// <summary>What to do with a text answer that tokenizes to more than one token.</summary>
public enum MultiTokenAnswers
{
    /// <summary>Use its first token and record a warning naming the prompt and field (the default, as in auto-circuit's tasks).</summary>
    FirstToken,

    /// <summary>Refuse the dataset with an error naming the prompt and field.</summary>
    Error,
}
