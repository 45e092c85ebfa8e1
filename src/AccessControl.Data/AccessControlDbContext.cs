using AccessControl.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Data;

public sealed class AccessControlDbContext : DbContext, IDataProtectionKeyContext
{
    private TimeProvider? timeProvider;

    public AccessControlDbContext(DbContextOptions<AccessControlDbContext> options) : base(options)
    {
        // Every save in a transaction, even a single batch: the model version is counted just before the commit.
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }

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
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AppRoleAssignment> AppRoleAssignments => Set<AppRoleAssignment>();
    public DbSet<ProvisioningConnection> ProvisioningConnections => Set<ProvisioningConnection>();
    public DbSet<ProvisioningRequest> ProvisioningRequests => Set<ProvisioningRequest>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<HistoryCheckpoint> HistoryCheckpoints => Set<HistoryCheckpoint>();
    /// <summary>ASP.NET Core data-protection keys, shared by every app instance on the database (cookies, antiforgery).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Who makes the changes saved by this context (a person, a token, a provisioning connection).</summary>
    public string Actor { get; set; } = "system";

    /// <summary>What the changes are, for the audit log (e.g. <c>grant.create</c>).</summary>
    public string Action { get; set; } = "change";

    /// <summary>Shared by every audit entry this context writes, so the saves of one request form one change.</summary>
    public Guid ChangeId { get; set; } = Guid.NewGuid();

    /// <summary>
    /// The clock of audit entries and created/updated stamps: set explicitly (tests), else the application's
    /// registered <see cref="System.TimeProvider"/>, else the system clock.
    /// </summary>
    public TimeProvider TimeProvider
    {
        get => timeProvider ??=
            this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<TimeProvider>()
            ?? TimeProvider.System;
        set => timeProvider = value;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AccessControlDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are UTC everywhere: SQLite returns Kind=Unspecified, Npgsql's timestamptz wants Kind=Utc.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        ChangeTracker.DetectChanges();
        AuditLog.RefuseAuditChanges(this);
        CascadeLoader.LoadCascadedDependents(this);
        using var tx = GrantSortNames.HasRenames(this) && Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        GrantSortNames.ApplyAsync(this, CancellationToken.None).GetAwaiter().GetResult();
        var audit = AuditLog.Prepare(this);
        try
        {
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            tx?.Commit();
            return saved;
        }
        catch
        {
            AuditLog.Forget(this, audit);
            throw;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        AuditLog.RefuseAuditChanges(this);
        await CascadeLoader.LoadCascadedDependentsAsync(this, cancellationToken);
        // A rename rewrites the grants' copies of the name (GrantSortNames) before the save: both in one transaction.
        await using var tx = GrantSortNames.HasRenames(this) && Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken) : null;
        await GrantSortNames.ApplyAsync(this, cancellationToken);
        var audit = AuditLog.Prepare(this);
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (tx is not null) await tx.CommitAsync(cancellationToken);
            return saved;
        }
        catch
        {
            AuditLog.Forget(this, audit);
            throw;
        }
    }
}
