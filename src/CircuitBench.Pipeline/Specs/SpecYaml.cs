using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CircuitBench.Pipeline.Specs;

/// <summary>Loads a spec file's single YAML document; syntax errors become <see cref="SpecException"/>s at YamlDotNet's marks.</summary>
public static class SpecYaml
{
    /// <summary>The top-level mapping of <paramref name="path"/> (read from disk).</summary>
    public static SpecMap LoadFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new SpecException(full, 0, 0, "the file does not exist.");
        return Load(File.ReadAllText(full), full);
    }

    /// <summary>The top-level mapping of <paramref name="text"/>, errors naming <paramref name="file"/>.</summary>
    public static SpecMap Load(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var problem = e.InnerException is { } inner && e.Message.Contains("See inner exception", StringComparison.Ordinal) ? inner.Message : e.Message;
            throw new SpecException(file, e.Start.Line, e.Start.Column, $"not valid YAML: {problem}");
        }
        catch (ArgumentException e)
        {
            throw new SpecException(file, 0, 0, $"not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count != 1)
            throw new SpecException(file, 0, 0, $"expected one YAML document, found {stream.Documents.Count}.");
        var root = stream.Documents[0].RootNode;
        return root is YamlMappingNode mapping
            ? new SpecMap(file, mapping, "the file")
            : throw new SpecException(file, root.Start.Line, root.Start.Column, "the file must be a mapping of keys to values (key: value lines).");
    }
}
