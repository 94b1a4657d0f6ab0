using System.Text.Encodings.Web;
using System.Text.Json;
using CircuitBench.Circuits.Graph;
using CircuitBench.Tasks.Datasets;

namespace CircuitBench.Tasks.GroundTruths;

/// <summary>
/// Ground-truth circuits as JSON: <c>{"model", "task", "layers", "heads", "has_mlp", "source", "nodes": [{"name", "role"}],
/// "edges": [{"edge", "source"}]}</c>, indented, keys in a fixed order (same circuit, same bytes).
/// </summary>
public static class GroundTruthJson
{
    /// <summary>The circuit's JSON bytes.</summary>
    public static byte[] Serialize(GroundTruthCircuit circuit)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("model", circuit.Model);
            json.WriteString("task", circuit.Task);
            json.WriteNumber("layers", circuit.Layers);
            json.WriteNumber("heads", circuit.Heads);
            json.WriteBoolean("has_mlp", circuit.HasMlp);
            json.WriteString("source", circuit.Source);
            json.WriteStartArray("nodes");
            foreach (var node in circuit.Nodes)
            {
                json.WriteStartObject();
                json.WriteString("name", node.Name);
                json.WriteString("role", node.Role);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("edges");
            foreach (var edge in circuit.Edges)
            {
                json.WriteStartObject();
                json.WriteString("edge", edge.Name);
                json.WriteString("source", edge.Source);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Writes the circuit to <paramref name="path"/> atomically.</summary>
    public static void WriteFile(string path, GroundTruthCircuit circuit) => AtomicFile.Write(path, Serialize(circuit));

    /// <summary>Reads a ground-truth file and checks every node and edge name against the graph of its shape.</summary>
    /// <exception cref="FormatException">The file is malformed or names a node or edge its model does not have; the message says which.</exception>
    public static GroundTruthCircuit Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"Ground-truth file '{full}' does not exist.", full);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(full));
            var root = document.RootElement;
            var (layers, heads, hasMlp) = (root.GetProperty("layers").GetInt32(), root.GetProperty("heads").GetInt32(), root.GetProperty("has_mlp").GetBoolean());
            var graph = CircuitGraph.FromConfig(new Models.Architecture.ModelConfig(DModel: heads, NLayers: layers, NHeads: heads, DHead: 1, DMlp: hasMlp ? 1 : 0, DVocab: 1, NCtx: 1, AttnOnly: !hasMlp));
            var nodes = root.GetProperty("nodes").EnumerateArray().Select(n => new GroundTruthNode(graph.Node(n.GetProperty("name").GetString()!).Name, n.GetProperty("role").GetString()!)).ToArray();
            var edges = root.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("edge").GetString()!, e.GetProperty("source").GetString()!));
            return GroundTruthCircuit.FromEdges(root.GetProperty("model").GetString()!, root.GetProperty("task").GetString()!, graph,
                root.GetProperty("source").GetString()!, nodes, edges);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Ground-truth file '{full}': {e.Message}", e);
        }
    }
}
