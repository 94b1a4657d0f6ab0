using System.Buffers.Binary;
using System.Text;

namespace CircuitBench.Safetensors.Tests;

/// <summary>Builds safetensors bytes by hand (independently of our writer), including broken ones.</summary>
internal static class RawFile
{
    /// <summary>8-byte length, the header as given (no padding unless <paramref name="padTo"/>), then the data.</summary>
    public static byte[] Build(string header, byte[] data, int padTo = 0, ulong? headerLength = null) =>
        Build(Encoding.UTF8.GetBytes(header), data, padTo, headerLength);

    public static byte[] Build(byte[] header, byte[] data, int padTo = 0, ulong? headerLength = null)
    {
        var padded = header.Concat(Enumerable.Repeat((byte)' ', Math.Max(0, padTo - header.Length))).ToArray();
        var bytes = new byte[8 + padded.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)padded.Length);
        padded.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + padded.Length);
        return bytes;
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The data section of a file: everything after the 8-byte length and the header.</summary>
    public static byte[] DataSection(byte[] file) => file[(8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file))..];

    /// <summary>The header text of a file, padding included.</summary>
    public static string HeaderText(byte[] file) =>
        Encoding.UTF8.GetString(file, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(file));

    /// <summary>Little-endian bytes of 16-bit patterns.</summary>
    public static byte[] UInt16s(params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        }
        return bytes;
    }

    /// <summary>Reads back 16-bit little-endian patterns.</summary>
    public static ushort[] ToUInt16s(byte[] bytes) =>
        Enumerable.Range(0, bytes.Length / 2).Select(i => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i))).ToArray();
}
