// PLACEHOLDER until the data branch lands: removed at merge.
using AccessControl.Core.Model;
using Microsoft.EntityFrameworkCore;
namespace AccessControl.Data
{
    public static class AccessModelLoader { public static Task<AccessModel> LoadAsync(AccessControlDbContext db, CancellationToken ct) => Task.FromResult(AccessModel.Empty); }
    public static class BuiltIns { public static Task<bool> EnsureAsync(AccessControlDbContext db, CancellationToken ct) => Task.FromResult(false); }
    public static class DatabaseProvider { public static void Configure(DbContextOptionsBuilder b, string provider, string cs) { } }
}
