using CircuitBench.Tensors.Rng;

namespace CircuitBench.Models.Training;

/// <summary>The independent random streams of a training run, derived from its seed.</summary>
public static class StreamSeeds
{
    /// <summary>The stream of training rows.</summary>
    public static ulong TrainingData(ulong seed) => CounterRng.Bits(seed, 0x7472_6169_6E00UL);   // "train"

    /// <summary>The stream of evaluation rows (disjoint from the training rows in practice).</summary>
    public static ulong EvaluationData(ulong seed) => CounterRng.Bits(seed, 0x6576_616C_0000UL);   // "eval"

    /// <summary>The stream of row <paramref name="row"/> of data stream <paramref name="stream"/>: value i of it is row element i's draw.</summary>
    public static ulong Row(ulong stream, long row) => CounterRng.Bits(stream, (ulong)row);
}
