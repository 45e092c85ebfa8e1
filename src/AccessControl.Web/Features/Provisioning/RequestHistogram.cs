namespace AccessControl.Web.Features.Provisioning;

/// <summary>A connection's logged requests counted per time bucket and status class (2xx/3xx, 4xx, 5xx), for its status chart.</summary>
public sealed record RequestHistogram(DateTime Start, TimeSpan Bucket, int[] Ok, int[] ClientErrors, int[] ServerErrors)
{
    public const int MaxBuckets = 12;

    /// <summary>Whole-minute buckets (1, 2, 5, 10, 15, 30, 60 minutes, then whole hours) so that at most <see cref="MaxBuckets"/> cover the span.</summary>
    public static RequestHistogram From(IReadOnlyList<RequestLogDto> requests)
    {
        if (requests.Count == 0) return new(default, TimeSpan.FromMinutes(1), [], [], []);
        var first = requests.Min(r => r.At);
        var last = requests.Max(r => r.At);
        var minutes = Math.Max(1, (last - first).TotalMinutes);
        // One bucket short of the maximum (and 10 for whole hours): aligning the start down may add a bucket at the end.
        var bucket = TimeSpan.FromMinutes(new[] { 1, 2, 5, 10, 15, 30, 60 }.FirstOrDefault(m => minutes / m < MaxBuckets - 1, (int)Math.Ceiling(minutes / 10 / 60) * 60));
        var start = new DateTime(first.Ticks - first.Ticks % bucket.Ticks, DateTimeKind.Utc);
        var count = (int)((last - start).Ticks / bucket.Ticks) + 1;
        int[] ok = new int[count], client = new int[count], server = new int[count];
        foreach (var r in requests)
        {
            var i = (int)((r.At - start).Ticks / bucket.Ticks);
            var counts = r.Status >= 500 ? server : r.Status >= 400 ? client : ok;
            counts[i]++;
        }
        return new(start, bucket, ok, client, server);
    }

    public int Count => Ok.Length;

    public DateTime BucketStart(int i) => Start + Bucket * i;
}
