using ScottPlot;

namespace AccessControl.Web.Features.Dashboard;

/// <summary>
/// The dashboard's charts, drawn on the server with ScottPlot as PNG data URLs. The background is transparent and text,
/// axes and grid are a mid grey, so the same image reads on the light and the dark theme.
/// </summary>
public static class DashboardCharts
{
    private static readonly Color Ink = Color.FromHex("#8a8f98");

    /// <summary>A sans-serif family the server has (ScottPlot falls back to a serif one otherwise).</summary>
    private static readonly string Font = new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial" }
        .FirstOrDefault(SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains) ?? Fonts.Sans;

    /// <summary>Horizontal bars, largest first at the top, each labelled with its value; null when there is nothing to draw.</summary>
    public static string? HorizontalBars(IReadOnlyList<(string Label, double Value)> data, string valueAxis, int width = 640, int height = 320)
    {
        if (data.Count == 0) return null;
        var plot = new Plot();
        plot.Font.Set(Font);
        var rows = data.Reverse().ToArray(); // ScottPlot puts position 0 at the bottom
        var bars = plot.Add.Bars(rows.Select(r => r.Value).ToArray());
        bars.Horizontal = true;
        for (var i = 0; i < bars.Bars.Count; i++)
        {
            bars.Bars[i].Label = rows[i].Value.ToString("N0");
            bars.Bars[i].FillColor = Color.FromHex("#3f7fd9");
            bars.Bars[i].LineWidth = 0;
        }
        bars.ValueLabelStyle.ForeColor = Ink;
        bars.ValueLabelStyle.FontSize = 16;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows.Length).Select(i => (double)i).ToArray(), rows.Select(r => Shorten(r.Label)).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.Label.Text = valueAxis;
        plot.Axes.Margins(left: 0, right: 0.15, bottom: 0.05, top: 0.05);
        plot.FigureBackground.Color = Colors.Transparent;
        plot.DataBackground.Color = Colors.Transparent;
        plot.Axes.Color(Ink);
        plot.Grid.MajorLineColor = Ink.WithAlpha(0.25);
        plot.Axes.Left.TickLabelStyle.FontSize = 16;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Bottom.Label.FontSize = 16;
        return "data:image/png;base64," + Convert.ToBase64String(plot.GetImageBytes(width, height, ImageFormat.Png));
    }

    private static string Shorten(string label) => label.Length <= 32 ? label : "…" + label[^31..];
}
