using AccessControl.Web.Features.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AccessControl.Web.Tests.Auth;

public sealed class StartupWithoutIdpTests
{
    [Fact]
    public void Outside_Development_the_app_does_not_start_without_an_identity_provider()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(Path.GetTempPath(), $"ac-noidp-{Guid.NewGuid():N}.db")}");
            b.UseSetting("AzureAd:ClientId", "");
        });
        var e = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = (e as InvalidOperationException ?? e.InnerException as InvalidOperationException ?? e.GetBaseException()).Message;
        Assert.Equal(IdentityProvider.MissingMessage, message);
        Assert.Contains("AzureAd:Authority, AzureAd:ClientId and AzureAd:ClientSecret", message);
        Assert.Contains("AzureAd:Instance, AzureAd:TenantId and AzureAd:ClientId", message);
    }
}
