using CircuitBench.Tensors.Autograd;

namespace CircuitBench.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Rotary position embedding in the GPT-NeoX / Hugging Face Llama "rotate_half" convention.
    /// x [batch, seq, heads, dHead]; the first <paramref name="rotaryDim"/> (even) features of every head are split
    /// into halves x₁ = x[..., :r/2], x₂ = x[..., r/2:r] and rotated pairwise,
    /// <c>y₁ = x₁·cos θ − x₂·sin θ</c>, <c>y₂ = x₂·cos θ + x₁·sin θ</c> with <c>θ[p, i] = p · theta^(−2i/r)</c>;
    /// features from r on pass through. <paramref name="positions"/> gives p per token: seq values shared by the
    /// batch, or batch·seq values (row-major). Angles are computed in double precision (Hugging Face computes them in
    /// float32, so far from 0 the two differ by float32 rounding of p·θ). Backward rotates by −θ.
    /// </summary>
    public static Tensor Rotary(Tensor x, ReadOnlySpan<int> positions, int rotaryDim, double theta = 10000)
    {
        if (x.Rank != 4) throw new ArgumentException($"Rotary needs x [batch, seq, heads, dHead]; got {x}.");
        var (batch, seq, heads, dHead) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
        if (rotaryDim <= 0 || rotaryDim % 2 != 0 || rotaryDim > dHead)
            throw new ArgumentOutOfRangeException(nameof(rotaryDim), $"rotaryDim {rotaryDim} must be even, positive and ≤ dHead {dHead}.");
        if (positions.Length != seq && positions.Length != batch * seq)
            throw new ArgumentException($"Rotary needs {seq} positions (shared) or {batch * seq} (per row); got {positions.Length}.");
        var half = rotaryDim / 2;
        var tokens = batch * seq;
        var cos = new float[tokens * half];                                           // [batch·seq, r/2]
        var sin = new float[tokens * half];                                           // [batch·seq, r/2]
        for (var t = 0; t < tokens; t++)
        {
            var p = positions.Length == tokens ? positions[t] : positions[t % seq];
            for (var i = 0; i < half; i++)
            {
                var angle = p * Math.Pow(theta, -2.0 * i / rotaryDim);
                (cos[t * half + i], sin[t * half + i]) = ((float)Math.Cos(angle), (float)Math.Sin(angle));
            }
        }
        var y = x.Clone();                                                            // [batch, seq, heads, dHead]
        Rotate(y.Data, tokens, heads, dHead, half, cos, sin, sign: 1f);
        return GradTape.Record(y, (g, sink) =>
        {
            var gx = g.Clone();
            Rotate(gx.Data, tokens, heads, dHead, half, cos, sin, sign: -1f);
            sink.AddOwned(0, gx);
        }, x);
    }

    /// <summary>Rotary embedding at consecutive positions <c>offset, offset + 1, …</c> (the same for every batch row).</summary>
    public static Tensor Rotary(Tensor x, int offset, int rotaryDim, double theta = 10000)
    {
        if (x.Rank != 4) throw new ArgumentException($"Rotary needs x [batch, seq, heads, dHead]; got {x}.");
        var positions = Enumerable.Range(offset, x.Shape[1]).ToArray();
        return Rotary(x, positions, rotaryDim, theta);
    }

    /// <summary>In place: (a, b) ← (a·cos − sign·b·sin, b·cos + sign·a·sin) for each rotated pair of each head.</summary>
    private static void Rotate(Span<float> data, int tokens, int heads, int dHead, int half, float[] cos, float[] sin, float sign)
    {
        for (var t = 0; t < tokens; t++)
        {
            var c = cos.AsSpan(t * half, half);
            var s = sin.AsSpan(t * half, half);
            for (var h = 0; h < heads; h++)
            {
                var head = data.Slice((t * heads + h) * dHead, dHead);
                for (var i = 0; i < half; i++)
                {
                    var (a, b) = (head[i], head[i + half]);
                    var si = sign * s[i];
                    head[i] = a * c[i] - b * si;
                    head[i + half] = b * c[i] + a * si;
                }
            }
        }
    }
}
