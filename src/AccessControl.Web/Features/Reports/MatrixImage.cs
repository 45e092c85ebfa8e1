using ScottPlot;

namespace AccessControl.Web.Features.Reports;

/// <summary>The access matrix as a PNG heat map (ScottPlot 5): colour = share of the collection permissions held.</summary>
public static class MatrixImage
{
    public static byte[] Png(MatrixReport report)
    {
        int rows = Math.Max(1, report.RowNames.Count), columns = Math.Max(1, report.Columns.Count);
        var values = new double[rows, columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++) values[r, c] = double.NaN;
        var rowIndex = report.RowNames.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        var columnIndex = report.Columns.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        foreach (var cell in report.Cells) values[rowIndex[cell.Row], columnIndex[cell.Column]] = cell.Strength;

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Turbo();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.NaNCellColor = Colors.White;
        // Cell (r, c) is centred on x = c, y = rows - 1 - r (the first row at the top).
        heatmap.Rectangle = new CoordinateRect(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.Add.ColorBar(heatmap);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            report.Columns.Select((c, i) => new Tick(i, c.Replace("collection:", ""))).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperLeft;
        var longest = report.Columns.Select(c => c.Length - "collection:".Length).DefaultIfEmpty(1).Max();
        plot.Axes.Bottom.MinimumSize = Math.Min(260, 20 + longest * 6);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            report.RowNames.Select((n, i) => new Tick(rows - 1 - i, Short(n))).ToArray());
        plot.Title($"Access under {report.Root.Replace("collection:", "")} as of {report.AsOf:yyyy-MM-dd HH:mm} UTC (colour: share of the collection permissions held)", size: 13);
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        var width = Math.Clamp(300 + columns * 40, 700, 3000);
        var height = Math.Clamp(250 + rows * 22 + (int)plot.Axes.Bottom.MinimumSize, 400, 5000);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static string Short(string subject)
    {
        var at = subject.IndexOf('@');
        return at > 0 ? subject[..at] : subject;
    }
}
