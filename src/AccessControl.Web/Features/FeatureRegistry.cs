using AccessControl.Web.Features.Users;

namespace AccessControl.Web.Features;

/// <summary>Every feature's services and endpoints, in one list each.</summary>
public static class FeatureRegistry
{
    public static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddScoped<UserService>();
        return services;
    }

    public static IEndpointRouteBuilder MapAccessControlApi(this IEndpointRouteBuilder api)
    {
        api.MapUsers();
        return api;
    }
}
