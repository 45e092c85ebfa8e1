using AccessControl.Bench.Measure;
using ScottPlot;

namespace AccessControl.Bench.Report;

/// <summary>bench/results.png: one panel per figure, each peer a line over the presets (log scale).</summary>
public static class ResultsChart
{
    public static void Save(IReadOnlyList<PresetResult> results, string path)
    {
        var panels = new (string Title, (string Series, Func<PresetResult, double?> Value)[] Lines)[]
        {
            ("check, decisions/s", [("engine", r => r.CheckPerSecond), ("node-casbin", r => r.CasbinPerSecond), ("PostgreSQL CTE", r => r.CtePerSecond), ("oracle", r => r.OraclePerSecond)]),
            ("check p99 latency, µs", [("engine", r => r.CheckLatencyUs.P99), ("node-casbin", r => r.CasbinLatencyUs?.P99), ("PostgreSQL CTE", r => r.CteCheckMs?.P99 * 1000), ("oracle", r => r.OracleLatencyUs?.P99)]),
            ("who-can p95, ms", [("engine", r => r.WhoCanMs.P95), ("PostgreSQL CTE", r => r.CteWhoCanMs?.P95)]),
            ("effective(user) p95, ms", [("engine", r => r.EffectiveMs.P95)]),
            ("effective-ACL walk, rows/s", [("engine", r => r.ExportRowsPerSecond)]),
            ("snapshot from PostgreSQL, ms", [("load", r => r.SnapshotLoadMs), ("build", r => r.SnapshotBuildMs), ("COPY load", r => r.CopyLoadMs)]),
        };
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Length);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 3);
        var xs = results.Select(r => Math.Log10(r.Users)).ToArray();
        for (var i = 0; i < panels.Length; i++)
        {
            var plot = multiplot.GetPlot(i);
            plot.Title(panels[i].Title, size: 13);
            foreach (var (series, value) in panels[i].Lines)
            {
                var points = results.Select((r, k) => (x: xs[k], y: value(r))).Where(p => p.y is > 0).ToArray();
                if (points.Length == 0) continue;
                var s = plot.Add.Scatter(points.Select(p => p.x).ToArray(), points.Select(p => Math.Log10(p.y!.Value)).ToArray());
                s.LegendText = series;
                s.MarkerSize = 7;
            }
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = y => Pretty(Math.Pow(10, y)), MinimumTickSpacing = 30 };
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                xs.Select((x, k) => new Tick(x, $"{results[k].Preset.Name}\n{results[k].Users:N0} users")).ToArray());
            plot.Axes.Bottom.Label.Text = "";
            plot.ShowLegend(Alignment.UpperLeft);
            plot.Axes.Margins(left: 0.15, right: 0.15, bottom: 0.08, top: 0.45); // room for the legend above the lines
        }
        multiplot.SavePng(path, 1500, 900);
    }

    private static string Pretty(double v) => v switch
    {
        >= 1e6 => $"{v / 1e6:0.#}M",
        >= 1e3 => $"{v / 1e3:0.#}k",
        >= 1 => $"{v:0.#}",
        _ => $"{v:0.###}",
    };
}
