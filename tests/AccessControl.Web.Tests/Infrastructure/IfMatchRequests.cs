using System.Net.Http.Json;
using System.Text.Json;

namespace AccessControl.Web.Tests.Infrastructure;

public static class IfMatchRequests
{
    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static IEnumerable<string?> Strings(this JsonElement list, string property) =>
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(property).GetString());

    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;
}
