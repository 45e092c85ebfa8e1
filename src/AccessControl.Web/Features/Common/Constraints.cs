using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Common;

/// <summary>Recognises constraint violations of either provider without referencing their exception types.</summary>
public static class Constraints
{
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        { } inner when inner.GetType().Name == "PostgresException" => SqlState(inner) == "23505",
        { } inner when inner.GetType().Name == "SqliteException" => inner.Message.Contains("UNIQUE constraint failed"),
        _ => false,
    };

    public static bool IsForeignKeyViolation(DbUpdateException e) => e.InnerException switch
    {
        { } inner when inner.GetType().Name == "PostgresException" => SqlState(inner) is "23503" or "23001",
        { } inner when inner.GetType().Name == "SqliteException" => inner.Message.Contains("FOREIGN KEY constraint failed"),
        _ => false,
    };

    private static string? SqlState(Exception e) => e.GetType().GetProperty("SqlState")?.GetValue(e) as string;
}
