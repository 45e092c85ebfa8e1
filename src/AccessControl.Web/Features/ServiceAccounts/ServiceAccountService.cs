using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.ServiceAccounts;

public sealed record ServiceAccountDto(Guid Id, string Namespace, string Name, DateTime CreatedAt)
{
    public static ServiceAccountDto From(ServiceAccount a) => new(a.Id, a.Namespace, a.Name, a.CreatedAt);
}

public sealed record CreateServiceAccountRequest(string? Namespace, string? Name);

/// <summary>
/// Kubernetes service accounts as subjects. A service account names a Kubernetes namespace by its name: that namespace
/// need not exist as a namespace entity here (grants to it may be on any resource set), and deleting a namespace entity
/// keeps its service accounts. Service accounts are immutable, hence no ETag.
/// </summary>
public sealed class ServiceAccountService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor, TimeProvider clock)
{
    /// <summary>By namespace, then name; <paramref name="ns"/> filters to one namespace.</summary>
    public async Task<Page<ServiceAccountDto>> ListAsync(string? ns, PageRequest page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.ServiceAccounts.AsNoTracking();
        if (!string.IsNullOrEmpty(ns))
        {
            var lower = ns.ToLowerInvariant();
            q = q.Where(a => a.Namespace == lower);
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(a => a.Namespace).ThenBy(a => a.Name).Skip(page.Offset).Take(page.Limit).ToListAsync(ct);
        return new(rows.Select(ServiceAccountDto.From).ToList(), total);
    }

    public async Task<ServiceAccountDto> GetAsync(string ns, string name, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return ServiceAccountDto.From(await FindAsync(db.ServiceAccounts.AsNoTracking(), ns, name, ct));
    }

    public async Task<ServiceAccountDto> CreateAsync(CreateServiceAccountRequest request, CancellationToken ct)
    {
        actor.EnsureAdministrator("create service accounts");
        new Validator().Check("namespace", Names.ValidateNamespace(request.Namespace)).Check("name", Names.ValidateServiceAccountName(request.Name))
            .ThrowIfInvalid();
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "serviceaccount.create";
        if (await db.ServiceAccounts.AnyAsync(a => a.Namespace == request.Namespace && a.Name == request.Name, ct))
            throw new ConflictException($"The service account '{request.Namespace}/{request.Name}' already exists.");
        var account = new ServiceAccount
        {
            Id = Guid.NewGuid(), Namespace = request.Namespace!, Name = request.Name!, CreatedAt = clock.UtcNowStored(),
        };
        db.ServiceAccounts.Add(account);
        await db.SaveChangesAsync(ct);
        return ServiceAccountDto.From(account);
    }

    /// <summary>Deletes the service account and its grants (loaded first, so the audit log records each one).</summary>
    public async Task DeleteAsync(string ns, string name, CancellationToken ct)
    {
        actor.EnsureAdministrator("delete service accounts");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "serviceaccount.delete";
        var account = await FindAsync(db.ServiceAccounts, ns, name, ct);
        await db.Grants.Where(g => g.ServiceAccountId == account.Id).LoadAsync(ct);
        db.ServiceAccounts.Remove(account);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<ServiceAccount> FindAsync(IQueryable<ServiceAccount> accounts, string ns, string name, CancellationToken ct)
    {
        var (lowerNs, lowerName) = (ns.ToLowerInvariant(), name.ToLowerInvariant());
        return await accounts.FirstOrDefaultAsync(a => a.Namespace == lowerNs && a.Name == lowerName, ct)
               ?? throw new NotFoundException($"There is no service account '{ns}/{name}'.");
    }
}
