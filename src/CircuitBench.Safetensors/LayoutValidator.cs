namespace CircuitBench.Safetensors;

/// <summary>
/// Checks how the tensors fit together in the data section: sorted by begin offset, each starts where
/// the previous one ended (no holes, no overlaps), the first at 0, and the last ends exactly at the end
/// of the file.
/// </summary>
internal static class LayoutValidator
{
    /// <summary>Validates the layout and returns the tensors in file order (by begin, then end).</summary>
    public static IReadOnlyList<TensorEntry> InFileOrder(string path, IReadOnlyList<TensorEntry> tensors, long dataLength)
    {
        var ordered = tensors.OrderBy(t => t.DataBegin).ThenBy(t => t.DataEnd).ToArray();
        long expectedBegin = 0;
        TensorEntry? previous = null;
        foreach (var tensor in ordered)
        {
            if (tensor.DataBegin != expectedBegin)
            {
                var after = previous is null ? "the data section starts at 0" : $"the previous tensor '{previous.Name}' ends at {expectedBegin}";
                var problem = tensor.DataBegin > expectedBegin ? "leaves a hole" : "overlaps";
                throw new SafetensorsFormatException(path, tensor.Name,
                    $"data_offsets [{tensor.DataBegin}, {tensor.DataEnd}] {problem}: {after}. "
                    + "Tensors must be contiguous from 0, without holes or overlaps.");
            }
            expectedBegin = tensor.DataEnd;
            previous = tensor;
        }
        if (dataLength != expectedBegin)
        {
            throw new SafetensorsFormatException(path, null,
                $"the data section holds {dataLength} bytes, but the tensors end at {expectedBegin}; "
                + "the file length must be exactly 8 + header length + the last data_offsets end (truncated or trailing bytes?).");
        }
        return ordered;
    }
}
