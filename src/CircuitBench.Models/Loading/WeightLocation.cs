using CircuitBench.Safetensors;

namespace CircuitBench.Models.Loading;

/// <summary>Where one weight is stored.</summary>
/// <param name="Name">The name the weight is looked up by (after name normalisation).</param>
/// <param name="FilePath">The safetensors file holding it.</param>
/// <param name="Tensor">Its table entry in that file (stored name, dtype, shape).</param>
public sealed record WeightLocation(string Name, string FilePath, TensorEntry Tensor);
