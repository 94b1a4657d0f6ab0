using CircuitBench.Pipeline.Caching;

namespace CircuitBench.Pipeline.Tests.Caching;

public sealed class CodeVersionTests
{
    [Fact]
    public void Depends_on_the_assemblies_and_is_stable()
    {
        var pipeline = CodeVersion.Of(typeof(CodeVersion));
        Assert.Equal(pipeline, CodeVersion.Of(typeof(ContentHash), typeof(CodeVersion)));
        Assert.NotEqual(pipeline, CodeVersion.Of(typeof(CodeVersion), typeof(Circuits.Attribution.AlgorithmRegistry)));
        Assert.Equal(64, pipeline.Length);
    }

    [Fact]
    public void Ignores_attribute_values_such_as_the_commit_in_the_informational_version_but_not_the_code()
    {
        var path = typeof(CodeVersion).Assembly.Location;
        var bytes = File.ReadAllBytes(path);
        var version = System.Text.Encoding.UTF8.GetBytes(typeof(CodeVersion).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion);
        var at = bytes.AsSpan().IndexOf(version);
        Assert.True(at >= 0);
        var edited = (byte[])bytes.Clone();
        edited[at + version.Length - 1] ^= 1;   // the attribute blob's last character
        var copy = Path.Combine(Path.GetTempPath(), $"codeversion-{Guid.NewGuid():N}.dll");
        try
        {
            File.WriteAllBytes(copy, edited);
            Assert.Equal(CodeVersion.HashCode(path), CodeVersion.HashCode(copy));
            var literal = System.Text.Encoding.Unicode.GetBytes("the implementing assemblies changed");
            var literalAt = bytes.AsSpan().IndexOf(literal);
            Assert.True(literalAt >= 0);
            edited[literalAt] ^= 1;
            File.WriteAllBytes(copy, edited);
            Assert.NotEqual(CodeVersion.HashCode(path), CodeVersion.HashCode(copy));
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
