using CircuitBench.Parquet.Thrift;

namespace CircuitBench.Parquet.Format;

/// <summary>parquet.thrift <c>KeyValue</c>. Read and Write handle the fields; callers enter and end the struct.</summary>
internal sealed record KeyValue(string Key, string? Value)
{
    public void Write(CompactWriter writer)
    {
        writer.WriteString(1, Key);
        if (Value is not null)
        {
            writer.WriteString(2, Value);
        }
    }

    public static KeyValue Read(CompactReader reader)
    {
        string? key = null, value = null;
        while (reader.NextField(out var field))
        {
            switch (field.Id)
            {
                case 1: key = reader.ReadString(field); break;
                case 2: value = reader.ReadString(field); break;
                default: reader.Skip(field.Type); break;
            }
        }

        return new KeyValue(reader.Required(key, "KeyValue.key"), value);
    }
}
