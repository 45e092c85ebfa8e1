using AccessControl.Web.Features.Provisioning;

namespace AccessControl.Web.Tests.Provisioning;

public sealed class RequestHistogramTests
{
    private static readonly DateTime T0 = new(2026, 5, 1, 10, 0, 30, DateTimeKind.Utc);

    private static RequestLogDto At(double minutes, int status) => new("POST", "/scim/v2/Users", status, T0.AddMinutes(minutes), 5);

    [Fact]
    public void Requests_within_minutes_fall_into_minute_buckets_by_status_class()
    {
        var h = RequestHistogram.From([At(0, 201), At(0.2, 409), At(2, 200), At(2.1, 500), At(2.2, 404)]);
        Assert.Equal(TimeSpan.FromMinutes(1), h.Bucket);
        Assert.Equal(new DateTime(2026, 5, 1, 10, 0, 0, DateTimeKind.Utc), h.Start);
        Assert.Equal([1, 0, 1], h.Ok);
        Assert.Equal([1, 0, 1], h.ClientErrors);
        Assert.Equal([0, 0, 1], h.ServerErrors);
    }

    [Theory]
    [InlineData(30, 5)]
    [InlineData(200, 30)]
    [InlineData(3000, 300)]
    public void A_longer_span_gets_wider_buckets_and_never_more_than_the_maximum(double spanMinutes, int bucketMinutes)
    {
        var h = RequestHistogram.From([At(0, 200), At(spanMinutes, 200)]);
        Assert.Equal(TimeSpan.FromMinutes(bucketMinutes), h.Bucket);
        Assert.InRange(h.Count, 2, RequestHistogram.MaxBuckets);
        Assert.Equal(2, h.Ok.Sum());
    }

    [Fact]
    public void No_requests_make_an_empty_histogram() => Assert.Equal(0, RequestHistogram.From([]).Count);
}
