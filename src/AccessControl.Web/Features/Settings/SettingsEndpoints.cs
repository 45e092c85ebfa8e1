using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Settings;

public static class SettingsEndpoints
{
    public static void MapSettings(this IEndpointRouteBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Settings");
        settings.MapGet("/", async (SettingsService s, HttpContext http, CancellationToken ct) =>
        {
            var dto = await s.GetAsync(ct);
            http.SetETag(dto.Etag);
            return dto;
        }).RequireAuthorization(Policies.Read);
        settings.MapPut("/", async (SettingsService s, HttpContext http, SettingsRequest body, CancellationToken ct) =>
        {
            var dto = await s.UpdateAsync(body, http.IfMatch(), ct);
            http.SetETag(dto.Etag);
            return dto;
        }).RequireAuthorization(Policies.Admin);
    }
}
