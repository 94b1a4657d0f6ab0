using CircuitBench.Models.Architecture;

namespace CircuitBench.Models.Training;

/// <summary>A synthetic task a toy model is trained on: a deterministic stream of batches and an evaluation.</summary>
public interface ISyntheticTask
{
    /// <summary>One line saying what the sequences are and what is learned.</summary>
    string Description { get; }

    /// <summary>
    /// Rows [<paramref name="firstRow"/>, firstRow + <paramref name="rows"/>) of the data stream <paramref name="seed"/>.
    /// Row n is a pure function of (seed, n), so the stream does not depend on how it is cut into batches.
    /// </summary>
    TrainingBatch Rows(ulong seed, long firstRow, int rows);

    /// <summary>Measures what the trained <paramref name="model"/> learned, on data drawn from stream <paramref name="seed"/>.</summary>
    TaskEvaluation Evaluate(HookedTransformer model, ulong seed);
}
