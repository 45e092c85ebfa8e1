using AccessControl.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AccessControl.Migrations.Sqlite;

/// <summary>For <c>dotnet ef migrations add ... --project migrations/AccessControl.Migrations.Sqlite</c>; never connects.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AccessControlDbContext>
{
    public AccessControlDbContext CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder<AccessControlDbContext>();
        DatabaseProvider.Configure(b, DatabaseProvider.Sqlite, "Data Source=accesscontrol-design.db");
        return new AccessControlDbContext(b.Options);
    }
}
