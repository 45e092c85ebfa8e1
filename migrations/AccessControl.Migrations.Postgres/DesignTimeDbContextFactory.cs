using AccessControl.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AccessControl.Migrations.Postgres;

/// <summary>For <c>dotnet ef migrations add ... --project migrations/AccessControl.Migrations.Postgres</c>; never connects.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AccessControlDbContext>
{
    public AccessControlDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<AccessControlDbContext>();
        DatabaseProvider.Configure(b, DatabaseProvider.Postgres, "Host=localhost;Database=accesscontrol;Username=postgres");
        return new AccessControlDbContext(b.Options);
    }
}
