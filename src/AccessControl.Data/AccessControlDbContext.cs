using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

public sealed class AccessControlDbContext(DbContextOptions<AccessControlDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<OrgMember> OrgMembers => Set<OrgMember>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<ServiceAccount> ServiceAccounts => Set<ServiceAccount>();
    public DbSet<Role> Roles => Set<Role>();
    public DbSet<Collection> Collections => Set<Collection>();
    public DbSet<Namespace> Namespaces => Set<Namespace>();
    public DbSet<Grant> Grants => Set<Grant>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Who makes the changes saved by this context (a person, a token, a provisioning connection).</summary>
    public string Actor { get; set; } = "system";

    /// <summary>What the changes are, for the audit log (e.g. <c>grant.create</c>).</summary>
    public string Action { get; set; } = "change";

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AccessControlDbContext).Assembly);
}
