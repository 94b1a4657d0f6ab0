namespace CircuitBench.Models.Training;

/// <summary>AdamW hyper-parameters other than the learning rate (PyTorch's <c>torch.optim.AdamW</c> defaults except the weight decay).</summary>
/// <param name="Beta1">Decay of the first-moment average.</param>
/// <param name="Beta2">Decay of the second-moment average.</param>
/// <param name="Epsilon">Added to the bias-corrected root second moment.</param>
/// <param name="WeightDecay">Decoupled weight decay λ: each step multiplies decayed parameters by 1 − lr·λ.</param>
public sealed record AdamWOptions(float Beta1 = 0.9f, float Beta2 = 0.999f, float Epsilon = 1e-8f, float WeightDecay = 0.01f)
{
    /// <summary>Checks the ranges (betas in [0, 1), ε and λ non-negative); throws naming the field.</summary>
    public AdamWOptions Validate()
    {
        if (Beta1 is < 0f or >= 1f) throw new ArgumentException($"AdamW: beta1 must be in [0, 1), got {Beta1}.");
        if (Beta2 is < 0f or >= 1f) throw new ArgumentException($"AdamW: beta2 must be in [0, 1), got {Beta2}.");
        if (!(Epsilon >= 0f)) throw new ArgumentException($"AdamW: epsilon must be non-negative, got {Epsilon}.");
        if (!(WeightDecay >= 0f)) throw new ArgumentException($"AdamW: weight decay must be non-negative, got {WeightDecay}.");
        return this;
    }
}
