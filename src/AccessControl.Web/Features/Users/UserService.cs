using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Users;

/// <summary>Users: create (with the default organization, a private collection and its default grant), read, update, delete.</summary>
public sealed class UserService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor, TimeProvider clock)
{
    public async Task<Page<UserDto>> ListAsync(string? search, bool? active, PageRequest page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = Names.Normalize(search.Trim());
            q = q.Where(u => u.NormalizedUserName.Contains(s) || (u.DisplayName != null && u.DisplayName.ToUpper().Contains(s))
                             || (u.Email != null && u.Email.ToUpper().Contains(s)));
        }
        if (active is not null) q = q.Where(u => u.Active == active);
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(u => u.NormalizedUserName).Skip(page.Offset).Take(page.Limit).ToListAsync(ct);
        return new Page<UserDto>(items.Select(UserDto.From).ToList(), total);
    }

    public async Task<UserDto> GetAsync(string userName, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return UserDto.From(await FindAsync(db.Users.AsNoTracking(), userName, ct));
    }

    public async Task<UserDto> CreateAsync(CreateUserRequest request, CancellationToken ct)
    {
        actor.EnsureAdministrator("create users");
        var v = new Validator().Check("userName", Names.ValidateUserName(request.UserName));
        v.Check("email", ValidateEmail(request.Email));
        v.ThrowIfInvalid();
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "user.create";
        var user = await NewUsers.AddAsync(db, clock, request.UserName!, request.DisplayName, request.Email, request.Active ?? true,
            request.IsAdmin ?? false, request.ExternalId, ct);
        await db.SaveChangesAsync(ct);
        return UserDto.From(user);
    }

    public async Task<UserDto> UpdateAsync(string userName, UpdateUserRequest request, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("change users");
        var v = new Validator();
        if (request.UserName is not null) v.Check("userName", Names.ValidateUserName(request.UserName));
        v.Check("email", ValidateEmail(request.Email));
        v.ThrowIfInvalid();
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "user.update";
        var user = await FindAsync(db.Users, userName, ct);
        ETags.Check(ifMatch, user.Version, $"User '{user.UserName}'");
        if (request.UserName is not null && request.UserName != user.UserName)
        {
            var normalized = Names.Normalize(request.UserName);
            if (normalized != user.NormalizedUserName && await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, ct))
                throw new ConflictException($"A user named '{request.UserName}' already exists (user names are compared without case).");
            user.UserName = request.UserName;
            user.NormalizedUserName = normalized;
        }
        if (request.DisplayName is not null) user.DisplayName = EmptyToNull(request.DisplayName);
        if (request.Email is not null) user.Email = EmptyToNull(request.Email);
        if (request.ExternalId is not null) user.ExternalId = EmptyToNull(request.ExternalId);
        if (request.Active is { } a) user.Active = a;
        if (request.IsAdmin is { } admin) user.IsAdmin = admin;
        if (db.ChangeTracker.HasChanges()) user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return UserDto.From(user);
    }

    /// <summary>Deletes the user with its memberships and grants; the private collection stays (resources in it stay owned).</summary>
    public async Task DeleteAsync(string userName, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("delete users");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "user.delete";
        var user = await FindAsync(db.Users, userName, ct);
        ETags.Check(ifMatch, user.Version, $"User '{user.UserName}'");
        db.Users.Remove(user);
        await db.SaveChangesAsync(ct);
    }

    internal static async Task<User> FindAsync(IQueryable<User> users, string userName, CancellationToken ct)
    {
        var normalized = Names.Normalize(userName);
        return await users.FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, ct)
               ?? throw new NotFoundException($"There is no user '{userName}'.");
    }

    /// <summary>Null when valid; shared with the console's forms so they say the same inline.</summary>
    public static string? ValidateEmail(string? email) =>
        string.IsNullOrEmpty(email) || (email.Length <= 256 && email.Contains('@') && !email.Any(char.IsWhiteSpace)) ? null
            : "The email must be an e-mail address such as alice@example.com.";

    private static string? EmptyToNull(string s) => s.Length == 0 ? null : s;
}
