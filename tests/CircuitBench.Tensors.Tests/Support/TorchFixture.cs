using System.Globalization;
using System.Text.Json;

namespace CircuitBench.Tensors.Tests.Support;

/// <summary>
/// A golden fixture written by tools/reference/make_nn_fixtures.py: named tensors (float32 inputs, float64
/// outputs and gradients computed by PyTorch) and the op's parameters. Non-finite values are stored as the
/// strings "Infinity", "-Infinity" and "NaN".
/// </summary>
public sealed class TorchFixture
{
    private readonly Dictionary<string, (int[] Shape, double[] Data)> _tensors;

    private TorchFixture(JsonElement parameters, Dictionary<string, (int[], double[])> tensors)
    {
        Params = parameters;
        _tensors = tensors;
    }

    /// <summary>The op's parameters (lengths, eps, targets, ...).</summary>
    public JsonElement Params { get; }

    /// <summary>
    /// Reads Fixtures/nn/<paramref name="name"/>.json from this test project's source folder, found by walking up
    /// from the test binaries (the fixtures are not copied to the output).
    /// </summary>
    public static TorchFixture Load(string name)
    {
        var path = FixturePath(name);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var tensors = new Dictionary<string, (int[], double[])>();
        foreach (var t in doc.RootElement.GetProperty("tensors").EnumerateObject())
        {
            var shape = t.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            var data = t.Value.GetProperty("data").EnumerateArray()
                .Select(v => v.ValueKind == JsonValueKind.String ? double.Parse(v.GetString()!, CultureInfo.InvariantCulture) : v.GetDouble())
                .ToArray();
            tensors[t.Name] = (shape, data);
        }
        return new TorchFixture(doc.RootElement.GetProperty("params").Clone(), tensors);
    }

    /// <summary>A stored tensor as a float32 tensor (exact for the float32 inputs).</summary>
    public Tensor Tensor(string name)
    {
        var (shape, data) = _tensors[name];
        return Tensors.Tensor.FromArray(data.Select(v => (float)v).ToArray(), shape);
    }

    /// <summary>A stored tensor's values in double precision.</summary>
    public double[] Values(string name) => _tensors[name].Data;

    /// <summary>Asserts <paramref name="actual"/> has the stored shape and values within atol + rtol·|expected| (infinities must match exactly).</summary>
    public void AssertMatches(string name, Tensor actual, double rtol = 1e-5, double atol = 1e-6)
    {
        var (shape, expected) = _tensors[name];
        Assert.Equal(shape, actual.Shape.ToArray());
        for (var i = 0; i < expected.Length; i++)
        {
            var (e, a) = (expected[i], (double)actual.Data[i]);
            var ok = double.IsFinite(e) ? Math.Abs(e - a) <= atol + rtol * Math.Abs(e) : e.Equals(a);
            Assert.True(ok, $"{name} element {i}: PyTorch {e:G9}, ours {a:G9}");
        }
    }

    private static string FixturePath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Fixtures", "nn", name + ".json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Fixtures/nn/{name}.json was not found above {AppContext.BaseDirectory}; run tools/reference/make_nn_fixtures.py.");
    }
}
