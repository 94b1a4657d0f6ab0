using System.Buffers.Binary;
using System.Text;
using CircuitBench.Parquet.Format;
using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Reader;

/// <summary>
/// Checks the file frame — "PAR1" at both ends and a 4-byte little-endian footer length before
/// the final magic — and decodes the Thrift compact <see cref="FileMetaData"/> footer.
/// </summary>
internal static class FooterReader
{
    private const int MinimumLength = 12; // magic + footer length + magic; a footer needs more still

    /// <summary>Returns the footer and the offset where it starts (the end of the column data).</summary>
    public static (FileMetaData Footer, int FooterStart) Read(ReadContext context, byte[] file)
    {
        if (file.Length < MinimumLength)
        {
            throw context.Fail($"the file is {file.Length} bytes long, too short for Parquet (at least {MinimumLength}: 'PAR1', footer, length, 'PAR1'); it may be truncated");
        }

        if (!file.AsSpan(0, 4).SequenceEqual("PAR1"u8))
        {
            throw context.Fail($"the file does not start with the magic bytes 'PAR1' (found {Show(file.AsSpan(0, 4))}); it is not a Parquet file", 0);
        }

        var tail = file.AsSpan(file.Length - 4);
        if (tail.SequenceEqual("PARE"u8))
        {
            throw context.Fail("the footer is encrypted ('PARE'), which is not supported", file.Length - 4);
        }

        if (!tail.SequenceEqual("PAR1"u8))
        {
            throw context.Fail($"the file does not end with the magic bytes 'PAR1' (found {Show(tail)}); it may be truncated", file.Length - 4);
        }

        var lengthOffset = file.Length - 8;
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(lengthOffset));
        var available = lengthOffset - 4;
        if (footerLength <= 0 || footerLength > available)
        {
            throw context.Fail($"footer length {footerLength} is invalid: {available} bytes lie between the leading magic and the length field", lengthOffset);
        }

        var footerStart = lengthOffset - footerLength;
        var reader = new CompactReader(file.AsMemory(footerStart, footerLength));
        FileMetaData footer;
        try
        {
            reader.BeginStruct();
            footer = FileMetaData.Read(reader);
        }
        catch (ThriftFormatException e)
        {
            throw context.Fail($"malformed footer (FileMetaData): {e.Message}", footerStart + e.Offset, e);
        }

        if (reader.Position != footerLength)
        {
            throw context.Fail($"the footer length says {footerLength} bytes, but FileMetaData ends after {reader.Position}", footerStart + reader.Position);
        }

        return (footer, footerStart);
    }

    private static string Show(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return $"'{text}'";
    }
}
