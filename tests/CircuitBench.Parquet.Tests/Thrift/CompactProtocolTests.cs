using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Tests.Thrift;

public sealed class CompactProtocolTests
{
    [Theory]
    [InlineData(0, new byte[] { 0x15, 0x00 })]
    [InlineData(-1, new byte[] { 0x15, 0x01 })]
    [InlineData(1, new byte[] { 0x15, 0x02 })]
    [InlineData(150, new byte[] { 0x15, 0xAC, 0x02 })]
    [InlineData(int.MaxValue, new byte[] { 0x15, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F })]
    [InlineData(int.MinValue, new byte[] { 0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    public void I32_fields_are_zigzag_varints_after_a_short_header(int value, byte[] expected)
    {
        var bytes = Write(w => w.WriteI32(1, value));
        Assert.Equal([.. expected, 0x00], bytes);
        var reader = Reader(bytes);
        Assert.True(reader.NextField(out var field));
        Assert.Equal(new CompactField(CompactType.I32, 1), field);
        Assert.Equal(value, reader.ReadI32(field));
        Assert.False(reader.NextField(out _));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(-4_000_000_000L)]
    public void I64_fields_round_trip(long value)
    {
        var reader = Reader(Write(w => w.WriteI64(3, value)));
        Assert.True(reader.NextField(out var field));
        Assert.Equal(value, reader.ReadI64(field));
    }

    [Fact]
    public void Field_id_deltas_above_15_or_backwards_use_the_long_form()
    {
        var bytes = Write(w =>
        {
            w.WriteI32(1, 7);
            w.WriteI32(40, 8); // delta 39: type byte, then zigzag(40) = 80
            w.WriteI32(2, 9); // backwards: long form again
            w.WriteI32(17, 10); // delta 15: still the short form
        });
        Assert.Equal(new byte[] { 0x15, 0x0E, 0x05, 0x50, 0x10, 0x05, 0x04, 0x12, 0xF5, 0x14, 0x00 }, bytes);
        var reader = Reader(bytes);
        var read = new List<(short, int)>();
        while (reader.NextField(out var field))
        {
            read.Add((field.Id, reader.ReadI32(field)));
        }

        Assert.Equal([(1, 7), (40, 8), (2, 9), (17, 10)], read);
    }

    [Fact]
    public void Bool_fields_live_in_the_header_type()
    {
        var bytes = Write(w =>
        {
            w.WriteBool(1, true);
            w.WriteBool(2, false);
        });
        Assert.Equal(new byte[] { 0x11, 0x12, 0x00 }, bytes);
        var reader = Reader(bytes);
        Assert.True(reader.NextField(out var first));
        Assert.True(reader.ReadBool(first));
        Assert.True(reader.NextField(out var second));
        Assert.False(reader.ReadBool(second));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(300)]
    public void Lists_of_short_and_long_length_round_trip(int count)
    {
        var strings = Enumerable.Range(0, count).Select(i => $"s{i}é").ToList();
        var bytes = Write(w =>
        {
            w.BeginList(1, CompactType.Binary, count);
            strings.ForEach(w.WriteStringElement);
            w.BeginList(2, CompactType.I32, count);
            for (var i = 0; i < count; i++)
            {
                w.WriteI32Element(-i * 1000);
            }
        });
        Assert.Equal(count < 15 ? (byte)((count << 4) | 8) : (byte)0xF8, bytes[1]);
        var reader = Reader(bytes);
        Assert.True(reader.NextField(out var first));
        var n = reader.BeginList(first, CompactType.Binary);
        Assert.Equal(strings, Enumerable.Range(0, n).Select(_ => reader.ReadStringElement()).ToList());
        Assert.True(reader.NextField(out var second));
        n = reader.BeginList(second, CompactType.I32);
        Assert.Equal(Enumerable.Range(0, count).Select(i => -i * 1000), Enumerable.Range(0, n).Select(_ => reader.ReadI32Element()));
    }

    [Fact]
    public void Nested_structs_restart_field_ids_and_the_outer_struct_resumes()
    {
        var bytes = Write(w =>
        {
            w.WriteI32(5, 1);
            w.BeginStruct(6);
            w.WriteI32(1, 2); // short form relative to 0, not to 6
            w.BeginStruct(2);
            w.WriteString(1, "deep");
            w.EndStruct();
            w.EndStruct();
            w.WriteI32(7, 3); // delta 1 from field 6 of the outer struct
        });
        Assert.Equal(new byte[] { 0x55, 0x02, 0x1C, 0x15, 0x04, 0x1C, 0x18, 0x04, (byte)'d', (byte)'e', (byte)'e', (byte)'p', 0x00, 0x00, 0x15, 0x06, 0x00 }, bytes);

        var reader = Reader(bytes);
        Assert.True(reader.NextField(out var a));
        Assert.Equal(1, reader.ReadI32(a));
        Assert.True(reader.NextField(out var inner));
        reader.BeginStruct(inner);
        Assert.True(reader.NextField(out var b));
        Assert.Equal((short)1, b.Id);
        Assert.Equal(2, reader.ReadI32(b));
        Assert.True(reader.NextField(out var deeper));
        reader.BeginStruct(deeper);
        Assert.True(reader.NextField(out var text));
        Assert.Equal("deep", reader.ReadString(text));
        Assert.False(reader.NextField(out _));
        Assert.False(reader.NextField(out _));
        Assert.True(reader.NextField(out var c));
        Assert.Equal(new CompactField(CompactType.I32, 7), c);
        Assert.Equal(3, reader.ReadI32(c));
        Assert.False(reader.NextField(out _));
    }

    [Fact]
    public void Unknown_fields_of_every_type_are_skipped()
    {
        // KeyValue with unknown fields 3..11 between key (1) and value (2, given last with the long form).
        byte[] bytes =
        [
            0x18, 0x01, (byte)'k', // 1: key = "k"
            0x23, 0x7F, // 3: i8
            0x14, 0x05, // 4: i16
            0x17, 1, 2, 3, 4, 5, 6, 7, 8, // 5: double
            0x19, 0x22, 0x01, 0x00, // 6: list<bool> [true, false]
            0x1B, 0x02, 0x58, 0x02, 0x01, (byte)'a', 0x03, 0x01, (byte)'b', // 7: map<i32, binary> {1: "a", -2: "b"}
            0x1B, 0x00, // 8: empty map
            0x1C, 0x11, 0x19, 0x1C, 0x15, 0x02, 0x00, 0x00, // 9: struct { 1: true, 2: list<struct>[{1: 1}] }
            0x1D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 10: uuid
            0x1A, 0x25, 0x00, 0x02, // 11: set<i32> {0, 1}
            0x08, 0x04, 0x01, (byte)'v', // 2: value = "v" (long form)
            0x00,
        ];
        var reader = Reader(bytes);
        Assert.Equal(new Parquet.Format.KeyValue("k", "v"), Parquet.Format.KeyValue.Read(reader));
        Assert.Equal(bytes.Length, reader.Position);
    }

    [Theory]
    [InlineData(new byte[] { 0x15 }, "unexpected end of data", 1)]
    [InlineData(new byte[] { 0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "varint longer than 10 bytes", 1)]
    [InlineData(new byte[] { 0x18, 0x10, 0x61 }, "binary length 16 runs past the end of the data", 1)]
    [InlineData(new byte[] { 0x1E }, "unknown field type 14", 0)]
    [InlineData(new byte[] { 0x19, 0xF5, 0xFF, 0x0F }, "list size 2047 exceeds the remaining 0 bytes", 2)]
    public void Malformed_data_fails_with_the_offset(byte[] bytes, string message, int offset)
    {
        var reader = Reader(bytes);
        var error = Assert.Throws<ThriftFormatException>(() =>
        {
            while (reader.NextField(out var field))
            {
                reader.Skip(field.Type);
            }
        });
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void A_known_field_with_the_wrong_wire_type_is_rejected()
    {
        var reader = Reader([0x16, 0x02, 0x00]);
        Assert.True(reader.NextField(out var field));
        var error = Assert.Throws<ThriftFormatException>(() => reader.ReadBinary(field));
        Assert.Contains("field 1 has wire type I64, expected Binary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_field_is_named()
    {
        var error = Assert.Throws<ThriftFormatException>(() => Parquet.Format.KeyValue.Read(Reader([0x28, 0x01, (byte)'v', 0x00])));
        Assert.Contains("required field KeyValue.key is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Structs_nested_too_deeply_are_rejected_instead_of_overflowing_the_stack()
    {
        var bytes = Enumerable.Repeat((byte)0x1C, 100).ToArray(); // struct field 1, nested 100 times
        var reader = Reader(bytes);
        Assert.True(reader.NextField(out var field));
        var error = Assert.Throws<ThriftFormatException>(() => reader.Skip(field.Type));
        Assert.Contains("nested deeper than 64", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Write(Action<CompactWriter> fields)
    {
        using var stream = new MemoryStream();
        var writer = new CompactWriter(stream);
        writer.BeginStructElement();
        fields(writer);
        writer.EndStruct();
        return stream.ToArray();
    }

    private static CompactReader Reader(byte[] bytes)
    {
        var reader = new CompactReader(bytes);
        reader.BeginStruct();
        return reader;
    }
}
