namespace CircuitBench.Reports.Documents;

/// <summary>A block of a report.</summary>
public abstract record ReportBlock;

/// <summary>A section heading (level 2 or 3; the document title is level 1).</summary>
public sealed record Heading(int Level, string Text) : ReportBlock;

/// <summary>A paragraph of plain text.</summary>
public sealed record Paragraph(string Text) : ReportBlock;

/// <summary>A table; cells that parse as numbers are right-aligned.</summary>
public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

/// <summary>A figure: an SVG file beside the report (relative path) with its caption.</summary>
public sealed record Figure(string Path, string Caption) : ReportBlock;

/// <summary>A report: a title and its blocks in order, written as Markdown and as standalone HTML.</summary>
public sealed record ReportDocument(string Title, IReadOnlyList<ReportBlock> Blocks);
