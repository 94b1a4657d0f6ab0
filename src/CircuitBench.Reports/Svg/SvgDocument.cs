using System.Globalization;
using System.Text;

namespace CircuitBench.Reports.Svg;

/// <summary>
/// Writes an SVG document element by element with deterministic bytes: coordinates rounded to 0.01 px in the invariant
/// culture, text XML-escaped, attributes in a fixed order. Non-finite coordinates are a bug of the caller and throw.
/// </summary>
internal sealed class SvgDocument
{
    private readonly StringBuilder _body = new();

    /// <summary>A document of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public SvgDocument(double width, double height)
    {
        Width = width;
        Height = height;
    }

    /// <summary>Width in pixels.</summary>
    public double Width { get; }

    /// <summary>Height in pixels.</summary>
    public double Height { get; }

    /// <summary>A straight line.</summary>
    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null) =>
        _body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(width)}\"{Dash(dash)}/>\n");

    /// <summary>A polyline through <paramref name="points"/> (nothing for fewer than two).</summary>
    public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width = 2, string? dash = null)
    {
        if (points.Count < 2) return;
        _body.Append("<polyline fill=\"none\" points=\"");
        _body.AppendJoin(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"));
        _body.Append(CultureInfo.InvariantCulture, $"\" stroke=\"{stroke}\" stroke-width=\"{N(width)}\"{Dash(dash)}/>\n");
    }

    /// <summary>A filled circle (data point marker).</summary>
    public void Circle(double x, double y, double radius, string fill) =>
        _body.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(radius)}\" fill=\"{fill}\"/>\n");

    /// <summary>A rectangle; <paramref name="tooltip"/> becomes its <c>title</c> child.</summary>
    public void Rect(double x, double y, double width, double height, string fill, string? stroke = null, string? tooltip = null)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(0, width))}\" height=\"{N(Math.Max(0, height))}\" fill=\"{fill}\"");
        if (stroke is not null) _body.Append(CultureInfo.InvariantCulture, $" stroke=\"{stroke}\"");
        _body.Append(tooltip is null ? "/>\n" : $"><title>{Escape(tooltip)}</title></rect>\n");
    }

    /// <summary>Text anchored at (x, y): <paramref name="anchor"/> start, middle or end; optional rotation in degrees about the anchor.</summary>
    public void Text(double x, double y, string text, string anchor = "start", double size = 12, string fill = "#222", double rotate = 0, bool bold = false)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{N(size)}\" text-anchor=\"{anchor}\" fill=\"{fill}\"");
        if (bold) _body.Append(" font-weight=\"bold\"");
        if (rotate != 0) _body.Append(CultureInfo.InvariantCulture, $" transform=\"rotate({N(rotate)} {N(x)} {N(y)})\"");
        _body.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    /// <summary>The finished document.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(Height)}\" viewBox=\"0 0 {N(Width)} {N(Height)}\" font-family=\"sans-serif\">\n")
        + string.Create(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{N(Width)}\" height=\"{N(Height)}\" fill=\"white\"/>\n")
        + _body + "</svg>\n";

    /// <summary>Escapes the XML special characters of <paramref name="text"/>.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&apos;", StringComparison.Ordinal);

    /// <summary>A coordinate as text: rounded to 0.01, no exponent, "-0" written as "0".</summary>
    public static string N(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "SVG coordinates must be finite.");
        var rounded = Math.Round(value, 2);
        return (rounded == 0 ? 0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
    }

    private static string Dash(string? dash) => dash is null ? "" : $" stroke-dasharray=\"{dash}\"";
}
