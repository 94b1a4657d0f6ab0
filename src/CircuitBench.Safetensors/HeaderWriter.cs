using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CircuitBench.Safetensors;

/// <summary>A tensor ready to be written: its header fields and its encoded little-endian bytes.</summary>
internal sealed record PendingTensor(string Name, SafetensorsDType DType, long[] Shape, byte[] Data);

/// <summary>
/// Serialises the header: compact JSON with <c>__metadata__</c> first (keys sorted ordinally, omitted
/// when empty), then the tensors in the given order with offsets counted from 0, padded with spaces so
/// that 8 + header length is a multiple of 8.
/// </summary>
internal static class HeaderWriter
{
    // Relaxed escaping keeps non-ASCII names readable; quotes and control characters are still escaped.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(IReadOnlyList<PendingTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject(SafetensorsSpec.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.SpecName());
                json.WriteStartArray("shape");
                foreach (var dim in tensor.Shape)
                {
                    json.WriteNumberValue(dim);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + tensor.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += tensor.Data.Length;
            }
            json.WriteEndObject();
        }
        var padded = (buffer.WrittenCount + SafetensorsSpec.HeaderAlignment - 1) / SafetensorsSpec.HeaderAlignment * SafetensorsSpec.HeaderAlignment;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
