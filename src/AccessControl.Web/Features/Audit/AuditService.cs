using System.Globalization;
using AccessControl.Data;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Audit;

/// <summary>The audit log, read only: entries are written by SaveChanges and the API offers no way to change them.</summary>
public sealed class AuditService(IDbContextFactory<AccessControlDbContext> dbs)
{
    /// <summary>Newest first. <c>from</c> is inclusive, <c>to</c> exclusive; the other filters match exactly.</summary>
    public async Task<Page<AuditEntryDto>> ListAsync(AuditQuery query, PageRequest page, CancellationToken ct)
    {
        var v = new Validator();
        var from = ParseInstant("from", query.From, v);
        var to = ParseInstant("to", query.To, v);
        Guid? changeId = null;
        if (!string.IsNullOrWhiteSpace(query.ChangeId))
        {
            if (Guid.TryParse(query.ChangeId, out var g)) changeId = g;
            else v.Add("changeId", "changeId must be a change id as the audit log shows it (a GUID).");
        }
        v.ThrowIfInvalid();

        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.AuditEntries.AsNoTracking();
        if (from is { } f) q = q.Where(e => e.At >= f);
        if (to is { } t) q = q.Where(e => e.At < t);
        if (!string.IsNullOrEmpty(query.Actor)) q = q.Where(e => e.Actor == query.Actor);
        if (!string.IsNullOrEmpty(query.Action)) q = q.Where(e => e.Action == query.Action);
        if (!string.IsNullOrEmpty(query.EntityType)) q = q.Where(e => e.EntityType == query.EntityType);
        if (!string.IsNullOrEmpty(query.EntityKey)) q = q.Where(e => e.EntityKey == query.EntityKey);
        if (changeId is { } c) q = q.Where(e => e.ChangeId == c);
        var total = await q.CountAsync(ct);
        // Ids grow with time: ordering by id is newest first without depending on clock resolution.
        var items = await q.OrderByDescending(e => e.Id).Skip(page.Offset).Take(page.Limit).ToListAsync(ct);
        return new Page<AuditEntryDto>(items.Select(AuditEntryDto.From).ToList(), total);
    }

    public async Task<AuditEntryDto> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var entry = await db.AuditEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct)
                    ?? throw new NotFoundException($"There is no audit entry {id}.");
        return AuditEntryDto.From(entry);
    }

    /// <summary>An ISO 8601 instant; one without an offset is taken as UTC.</summary>
    internal static DateTime? ParseInstant(string field, string? text, Validator v)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            && text.Contains('-'))
            return d.UtcDateTime;
        v.Add(field, $"{field} must be an ISO 8601 instant such as 2026-01-31T12:00:00Z.");
        return null;
    }
}
