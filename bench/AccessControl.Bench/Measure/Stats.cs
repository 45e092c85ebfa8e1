using System.Diagnostics;

namespace AccessControl.Bench.Measure;

/// <summary>p50, p95, p99 of a sample, in the unit the sample was taken in.</summary>
public sealed record Percentiles(double P50, double P95, double P99, int Count)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new(double.NaN, double.NaN, double.NaN, 0);
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new(At(0.50), At(0.95), At(0.99), sorted.Length);
    }
}

public static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    public static double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
    public static double Millis(long ticks) => ticks * 1e3 / Stopwatch.Frequency;

    /// <summary>Times <paramref name="action"/> on each item until all are done or the budget is spent; latencies in µs.</summary>
    public static List<double> TimeEach<T>(IReadOnlyList<T> items, TimeSpan budget, Action<T> action)
    {
        var latencies = new List<double>(items.Count);
        var deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        foreach (var item in items)
        {
            var t0 = Stopwatch.GetTimestamp();
            action(item);
            var t1 = Stopwatch.GetTimestamp();
            latencies.Add(Micros(t1 - t0));
            if (t1 > deadline) break;
        }
        return latencies;
    }

    public static async Task<List<double>> TimeEachAsync<T>(IReadOnlyList<T> items, TimeSpan budget, Func<T, Task> action)
    {
        var latencies = new List<double>(items.Count);
        var deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        foreach (var item in items)
        {
            var t0 = Stopwatch.GetTimestamp();
            await action(item);
            var t1 = Stopwatch.GetTimestamp();
            latencies.Add(Micros(t1 - t0));
            if (t1 > deadline) break;
        }
        return latencies;
    }
}
