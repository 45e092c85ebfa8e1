using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// The check made when a person signs in: a user whose account in the model is inactive is refused, whatever the
/// provider says. People the model does not know may still sign in; their app roles decide what they may do.
/// </summary>
public static class SignInChecks
{
    public static Task<bool> IsInactiveAsync(IServiceProvider services, string? userName, CancellationToken ct) =>
        IsInactiveAsync(services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>(), userName, ct);

    public static async Task<bool> IsInactiveAsync(IDbContextFactory<AccessControlDbContext> factory, string? userName,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(userName)) return false;
        await using var db = await factory.CreateDbContextAsync(ct);
        var normalized = userName.ToUpperInvariant();
        return await db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName == normalized || u.Email == userName)
            .AnyAsync(u => !u.Active, ct);
    }
}
