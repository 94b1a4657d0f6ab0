using Spectre.Console;

namespace CircuitBench.Cli.Commands;

/// <summary>A table of text cells: a Spectre.Console table on an interactive terminal, else plain space-aligned columns (stable for scripts and tests).</summary>
internal static class TextTable
{
    /// <summary>Writes <paramref name="rows"/> under <paramref name="columns"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> columns, IReadOnlyList<string[]> rows)
    {
        if (Terminal.IsInteractive(writer))
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in columns) table.AddColumn(Markup.Escape(column));
            foreach (var row in rows) table.AddRow([.. row.Select(Markup.Escape)]);
            AnsiConsole.Write(table);
            return;
        }
        var widths = columns.Select((c, i) => rows.Select(r => r[i].Length).Append(c.Length).Max()).ToArray();
        writer.WriteLine(string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows) writer.WriteLine(string.Join("  ", row.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
    }
}
