using CircuitBench.Models.Training;
using CircuitBench.Tasks.Datasets;
using CircuitBench.Tensors.Rng;

namespace CircuitBench.Tasks.Generators;

/// <summary>
/// Prompts for the <c>toy-mlp-2l</c> recipe's modular addition, in its vocabulary (numbers 0 … p − 1, <c>=</c> = p,
/// BOS = p + 1):
/// <code>
/// clean   = [BOS, a, b, =]    answer (a + b) mod p
/// corrupt = [BOS, a', b', =]  one operand replaced by a different value; wrong answer (a' + b') mod p
/// </code>
/// Balanced: prompt slot i has answer i mod p and corrupts operand a when i is even, b when odd (label
/// <c>corrupt-a</c> / <c>corrupt-b</c>); the slots are then put in a seeded random order.
/// </summary>
/// <param name="Task">The recipe's task (its modulus and special tokens).</param>
public sealed record ModularAdditionGenerator(ModularAdditionTask Task) : ITaskGenerator
{
    /// <inheritdoc />
    public IReadOnlyList<TaskPrompt> Generate(GenerationRequest request)
    {
        var p = Task.Modulus;
        var slots = new TaskPrompt[request.Count];
        for (var i = 0; i < slots.Length; i++)
        {
            var stream = CounterRng.Bits(request.Seed, (ulong)i);
            var answer = i % p;
            var a = CounterRng.NextInt(stream, 0, p);
            var b = ((answer - a) % p + p) % p;
            var corruptA = i % 2 == 0;
            var changed = ((corruptA ? a : b) + 1 + CounterRng.NextInt(stream, 1, p - 1)) % p;
            var (a2, b2) = corruptA ? (changed, b) : (a, changed);
            slots[i] = new TaskPrompt(
                PromptValue.OfIds([Task.Bos, a, b, Task.EqualsToken]),
                PromptValue.OfIds([Task.Bos, a2, b2, Task.EqualsToken]),
                [AnswerValue.OfId(answer)], [AnswerValue.OfId((a2 + b2) % p)], corruptA ? "corrupt-a" : "corrupt-b");
        }
        var order = SeededOrder.Permutation(slots.Length, CounterRng.Bits(request.Seed, ulong.MaxValue));
        return [.. order.Select(i => slots[i])];
    }
}
