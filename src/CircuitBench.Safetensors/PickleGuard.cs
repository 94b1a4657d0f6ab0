namespace CircuitBench.Safetensors;

/// <summary>
/// Refuses PyTorch pickle checkpoints before anything else is read. Loading a pickle can execute
/// arbitrary code, so no model file in CircuitBench is ever unpickled; the refusal says how to convert.
/// </summary>
internal static class PickleGuard
{
    /// <summary>Bytes of the file start that <see cref="RejectByContent"/> looks at.</summary>
    public const int SniffLength = SafetensorsSpec.HeaderLengthSize + 1;

    private static readonly string[] PickleExtensions = [".bin", ".pt", ".pth", ".ckpt", ".pkl"];

    private const string Conversion =
        "Pickle files can run arbitrary code when loaded, so CircuitBench never opens them. "
        + "Convert the checkpoint once, in an environment you trust, with Python: "
        + "`import torch; from safetensors.torch import save_file; "
        + "save_file(torch.load(p, weights_only=True), \"model.safetensors\")`.";

    /// <summary>Refuses the extensions PyTorch checkpoints use (<c>.bin .pt .pth .ckpt .pkl</c>).</summary>
    public static void RejectByExtension(string path)
    {
        var extension = Path.GetExtension(path);
        if (PickleExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            throw new SafetensorsFormatException(path, null,
                $"refused: the extension '{extension}' is used by PyTorch pickle checkpoints. {Conversion} "
                + "If the file really is safetensors, give it the .safetensors extension.");
        }
    }

    /// <summary>
    /// Refuses a file whose first bytes are a pickle PROTO opcode (0x80, protocol 2–5) or a zip local
    /// header ("PK\x03\x04", as <c>torch.save</c> writes). A safetensors file may legitimately start with
    /// these bytes (e.g. a header of 640 bytes is <c>80 02 00 ..</c>), so a start followed by the
    /// header's '{' at byte 8 is let through to the ordinary validation.
    /// </summary>
    /// <param name="path">The file, for the message.</param>
    /// <param name="head">The first <see cref="SniffLength"/> bytes, or the whole file when shorter.</param>
    public static void RejectByContent(string path, ReadOnlySpan<byte> head)
    {
        if (head.Length == SniffLength && head[SafetensorsSpec.HeaderLengthSize] == (byte)'{')
        {
            return;
        }
        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
        {
            throw new SafetensorsFormatException(path, null,
                $"refused: the file starts like a Python pickle (protocol {head[1]}), as PyTorch checkpoints do. {Conversion}");
        }
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            throw new SafetensorsFormatException(path, null,
                $"refused: the file is a zip archive, as torch.save writes (a pickle inside). {Conversion}");
        }
    }
}
