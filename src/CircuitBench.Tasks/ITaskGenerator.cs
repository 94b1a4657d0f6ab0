using CircuitBench.Tasks.Datasets;

namespace CircuitBench.Tasks;

/// <summary>Makes a task's prompts deterministically from a <see cref="GenerationRequest"/>.</summary>
public interface ITaskGenerator
{
    /// <summary>The prompts for <paramref name="request"/> (already validated): a pure function of the request.</summary>
    /// <exception cref="ArgumentException">The request cannot be met (e.g. no vocabulary for a token-id task, a prompt the tokenizer splits differently); the message says why.</exception>
    IReadOnlyList<TaskPrompt> Generate(GenerationRequest request);
}
