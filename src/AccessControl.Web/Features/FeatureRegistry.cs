using AccessControl.Web.Features.Search;
using AccessControl.Web.Features.Access;
using AccessControl.Web.Features.Audit;
using AccessControl.Web.Features.ModelDocument;
using AccessControl.Web.Features.Collections;
using AccessControl.Web.Features.Exports;
using AccessControl.Web.Features.Grants;
using AccessControl.Web.Features.History;
using AccessControl.Web.Features.Namespaces;
using AccessControl.Web.Features.Roles;
using AccessControl.Web.Features.ServiceAccounts;
using AccessControl.Web.Features.Settings;
using AccessControl.Web.Features.Orgs;
using AccessControl.Web.Features.Users;
using AccessControl.Web.Features.Provisioning;
using AccessControl.Web.Features.Scim;
using AccessControl.Web.Features.Reports;

namespace AccessControl.Web.Features;

/// <summary>Every feature's services and endpoints, in one list each.</summary>
public static class FeatureRegistry
{
    public static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddScoped<UserService>();
        services.AddScoped<SearchService>();
        services.AddScoped<RoleService>();
        services.AddScoped<CollectionService>();
        services.AddScoped<NamespaceService>();
        services.AddScoped<ServiceAccountService>();
        services.AddScoped<GrantService>();
        services.AddScoped<Dashboard.DashboardService>();
        services.AddScoped<SettingsService>();
        services.AddScoped<OrgService>();
        services.AddScoped<TeamService>();
        services.AddScoped<MembershipService>();
        services.AddSingleton<HistoryCheckpoints>();
        services.AddSingleton<HistoryCheckpointWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<HistoryCheckpointWriter>());
        services.AddSingleton<HistoryService>();
        services.AddScoped<AccessService>();
        services.AddScoped<AuditService>();
        services.AddScoped<ReportService>();
        services.AddScoped<MatrixService>();
        services.AddScoped<ChangeService>();
        services.AddScoped<RiskService>();
        services.AddScoped<ModelService>();
        services.AddScoped<ProvisioningService>();
        services.AddSingleton<ProvisioningRequestLog>();
        services.AddHostedService(sp => sp.GetRequiredService<ProvisioningRequestLog>());
        services.AddSingleton<ProvisioningTokenCache>();
        services.AddHostedService(sp => sp.GetRequiredService<ProvisioningTokenCache>());
        services.AddScoped<ScimUserService>();
        services.AddScoped<ScimGroupService>();
        return services;
    }

    public static IEndpointRouteBuilder MapAccessControlApi(this IEndpointRouteBuilder api)
    {
        api.MapUsers();
        api.MapRoles();
        api.MapCollections();
        api.MapNamespaces();
        api.MapServiceAccounts();
        api.MapGrants();
        api.MapSettings();
        api.MapOrgs();
        api.MapAccess();
        api.MapAudit();
        api.MapModelDocument();
        api.MapExports();
        api.MapReports();
        api.MapProvisioning();
        return api;
    }
}
