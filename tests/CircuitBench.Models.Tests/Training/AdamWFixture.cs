using System.Text.Json;

namespace CircuitBench.Models.Tests.Training;

/// <summary>Fixtures/training/adamw.json, written by tools/reference/make_adamw_fixture.py (PyTorch AdamW, clip_grad_norm_, LambdaLR).</summary>
internal sealed record AdamWFixture(
    float PeakLr, float MinLr, int Warmup, int Total, float Beta1, float Beta2, float Epsilon, float WeightDecay, float MaxNorm,
    float[] InitialWeight, float[] InitialBias, IReadOnlyList<AdamWFixture.Step> Steps)
{
    internal sealed record Step(float[] WeightGrad, float[] BiasGrad, double Lr, double GradNorm, double[] WeightAfter, double[] BiasAfter);

    public static AdamWFixture Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "training", "adamw.json")));
        var root = document.RootElement;
        var settings = root.GetProperty("settings");
        float F(string name) => settings.GetProperty(name).GetSingle();
        static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => v.GetSingle()).ToArray();
        static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var steps = root.GetProperty("steps").EnumerateArray().Select(s => new Step(
            Floats(s.GetProperty("grads").GetProperty("weight")), Floats(s.GetProperty("grads").GetProperty("bias")),
            s.GetProperty("lr").GetDouble(), s.GetProperty("grad_norm").GetDouble(),
            Doubles(s.GetProperty("after").GetProperty("weight")), Doubles(s.GetProperty("after").GetProperty("bias")))).ToArray();
        var initial = root.GetProperty("initial");
        return new AdamWFixture(F("peak_lr"), F("min_lr"), settings.GetProperty("warmup").GetInt32(), settings.GetProperty("total").GetInt32(),
            F("beta1"), F("beta2"), F("eps"), F("weight_decay"), F("max_norm"),
            Floats(initial.GetProperty("weight")), Floats(initial.GetProperty("bias")), steps);
    }
}
