using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.ModelDocument;

public static class ModelEndpoints
{
    public static void MapModelDocument(this IEndpointRouteBuilder api)
    {
        var model = api.MapGroup("/model").WithTags("Model document");
        model.MapGet("/", async (ModelService s, HttpContext http, string? asOf, CancellationToken ct) =>
        {
            var (document, etag) = await s.GetAsync(asOf, ct);
            http.SetETag(etag);
            return document;
        }).RequireAuthorization(Policies.Read);
        model.MapPut("/", (ModelService s, HttpContext http, ModelDocumentDto? body, bool? dryRun, CancellationToken ct) =>
            s.PutAsync(body, dryRun ?? false, http.IfMatch(), ct)).RequireAuthorization(Policies.Admin);
    }
}
