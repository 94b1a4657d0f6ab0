using System.Security.Cryptography;
using System.Text.Json;
using CircuitBench.Circuits.Data;
using CircuitBench.Tasks.Datasets;

namespace CircuitBench.Tasks.Tests.Datasets;

public class DatasetSubsetTests
{
    private static readonly byte[] Ten = DatasetJson.Serialize(TaskRegistry.ToyModularAddition.Generate(new GenerationRequest(10, 0)));

    private static string[] Prompts(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("prompts").EnumerateArray().Select(p => p.GetRawText())];
    }

    [Fact]
    public void Split_partitions_the_prompts_in_their_order_and_depends_only_on_the_seed()
    {
        var all = Prompts(Ten);
        var (train, validation) = DatasetSubsets.Split(Ten, "ten.json", 0.3, seed: 5);
        var (trainPrompts, validationPrompts) = (Prompts(train), Prompts(validation));
        Assert.Equal(3, validationPrompts.Length);
        Assert.Equal(7, trainPrompts.Length);
        Assert.Equal(all.Order(), trainPrompts.Concat(validationPrompts).Order());
        Assert.Equal(trainPrompts, all.Where(trainPrompts.Contains));
        Assert.Equal(validationPrompts, all.Where(validationPrompts.Contains));
        Assert.Equal(train, DatasetSubsets.Split(Ten, "ten.json", 0.3, seed: 5).Train);
        var others = Enumerable.Range(0, 20).Select(s => Prompts(DatasetSubsets.Split(Ten, "ten.json", 0.3, (ulong)s).Validation)).ToArray();
        Assert.True(others.Select(p => string.Join("|", p)).Distinct().Count() > 5);
        using var document = JsonDocument.Parse(train);
        Assert.Equal("toy-modular-addition", document.RootElement.GetProperty("task").GetString());
        var read = DatasetReader.Parse(validation, "v.json", new DatasetReadOptions(25, 4, null));
        Assert.Equal(3, read.Prompts.Count);
    }

    [Fact]
    public void Subsample_keeps_n_prompts_and_refuses_more_than_the_file_has()
    {
        var sample = Prompts(DatasetSubsets.Subsample(Ten, "ten.json", 4, seed: 1));
        Assert.Equal(4, sample.Length);
        Assert.Equal(sample, Prompts(Ten).Where(sample.Contains));
        var error = Assert.Throws<DatasetFormatException>(() => DatasetSubsets.Subsample(Ten, "ten.json", 11, 0));
        Assert.Contains("only 10", error.Message);
        Assert.Throws<DatasetFormatException>(() => DatasetSubsets.Split("{\"prompts\": 3}"u8.ToArray(), "bad.json", 0.5, 0));
    }

    [Fact]
    public void Permutation_is_a_permutation_and_hash_matches_the_reader()
    {
        var order = SeededOrder.Permutation(100, 9);
        Assert.Equal(Enumerable.Range(0, 100), order.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), order);
        Assert.Equal(order, SeededOrder.Permutation(100, 9));
        var path = Path.Combine(Path.GetTempPath(), $"tasks-hash-{Guid.NewGuid():N}.json");
        try
        {
            var written = DatasetJson.WriteFile(path, TaskRegistry.ToyInduction.Generate(new GenerationRequest(4, 0)));
            var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            Assert.Equal(expected, written);
            Assert.Equal(expected, DatasetHash.OfFile(path));
            Assert.Equal(expected, DatasetReader.Read(path, new DatasetReadOptions(64, 33, null)).Sha256);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}.*"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
