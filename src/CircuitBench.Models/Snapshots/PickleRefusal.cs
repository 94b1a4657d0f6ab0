namespace CircuitBench.Models.Snapshots;

/// <summary>
/// The refusal of PyTorch pickle checkpoints at the folder level: they are recognised by name only and
/// never opened, because unpickling can execute arbitrary code.
/// </summary>
internal static class PickleRefusal
{
    private static readonly string[] PickleExtensions = [".bin", ".pt", ".pth", ".ckpt", ".pkl"];

    /// <summary>True when the file name has an extension PyTorch pickle checkpoints use.</summary>
    public static bool IsPickleName(string fileName) =>
        PickleExtensions.Contains(Path.GetExtension(fileName), StringComparer.OrdinalIgnoreCase);

    /// <summary>The refusal of <paramref name="what"/>, with how to convert the checkpoint.</summary>
    public static SnapshotException Refuse(string what, string folder) => new(
        $"Refusing {what}: PyTorch pickle files can execute arbitrary code when loaded, so CircuitBench never opens them. "
        + "Use safetensors weights instead. Many hub repositories publish them: "
        + "`huggingface-cli download ORG/NAME config.json \"*.safetensors\" \"*.safetensors.index.json\"`. "
        + "Otherwise convert once, in an environment you trust, with Python: "
        + $"`from transformers import AutoModelForCausalLM; AutoModelForCausalLM.from_pretrained(\"{folder}\").save_pretrained(\"OUT\", safe_serialization=True)` "
        + "(or, for a bare state dict, `import torch; from safetensors.torch import save_file; "
        + "save_file(torch.load(\"FILE\", weights_only=True), \"model.safetensors\")`), then copy config.json beside it.");
}
