using System.Security.Cryptography;
using System.Text.Json;
using AccessControl.Core.Catalog;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccessControl.Web.Features.ModelDocument;

/// <summary>
/// The model document: read the whole configuration, or make the state exactly a document in one transaction (audited as
/// <c>model.put</c>), or preview that with its impact. Nothing implicit is added: no private collections, default grants or
/// default-organization memberships beyond what the document says (only team members become org members, see
/// <see cref="ModelValidation"/>).
/// </summary>
public sealed class ModelService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor, TimeProvider clock, IOptions<JsonOptions> json,
    History.HistoryService history, History.HistoryCheckpoints checkpoints)
{
    /// <summary>The document and its ETag (a hash of the document as the API writes it); with <paramref name="asOf"/>, the
    /// document as it was then (replayed from the audit log).</summary>
    public async Task<(ModelDocumentDto Document, Guid ETag)> GetAsync(string? asOf, CancellationToken ct)
    {
        ModelState state;
        var instant = string.IsNullOrWhiteSpace(asOf) ? (DateTime?)null : History.HistoryService.ParseInstant(asOf);
        if (instant is { } then && then < clock.GetUtcNow().UtcDateTime)
        {
            var entry = await history.EntryAtAsync(then, ct);
            if (entry == 0)
                throw new ValidationException("asOf", $"Nothing was recorded at or before {asOf}: the history starts with the first change the database recorded.");
            state = ModelState.From(await checkpoints.ReplayToAsync(entry, ct));
        }
        else
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            state = await ModelState.LoadAsync(db, track: false, ct);
        }
        var doc = ModelReader.Read(state);
        return (doc, ETagOf(doc));
    }

    /// <summary>Validates the whole document first (400 with every field error), then applies only the differences.
    /// With <paramref name="ifMatch"/>, refuses (412) when the model changed since the caller's GET.</summary>
    public async Task<ModelPutResult> PutAsync(ModelDocumentDto? document, bool dryRun, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("replace the model");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "model.put";
        var customRoleIds = await db.Roles.AsNoTracking().Where(r => !r.BuiltIn).ToDictionaryAsync(r => r.Id, r => r.NormalizedName, ct);
        var target = ModelValidation.Validate(document, PermissionCatalog.Default, customRoleIds);
        await RefuseDanglingDefaultRoleAsync(db, target, customRoleIds, ct);

        await using var tx = dryRun ? null : await db.Database.BeginTransactionAsync(ct);
        var state = await ModelState.LoadAsync(db, track: true, ct);
        if (ifMatch is not null) ETags.Check(ifMatch, ETagOf(ModelReader.Read(state)), "The model");
        var before = dryRun ? ModelImpactCalculator.FromTracked(db) : null;
        var changes = new ModelApplier(db, state, target, clock.GetUtcNow().UtcDateTime).Apply();
        if (dryRun) return new ModelPutResult(changes, ModelImpactCalculator.Compute(before!, ModelImpactCalculator.FromTracked(db)));
        if (changes.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            await tx!.CommitAsync(ct);
        }
        return new ModelPutResult(changes, null);
    }

    /// <summary>A document that leaves out the settings must not remove the custom role new users are granted.</summary>
    private static async Task RefuseDanglingDefaultRoleAsync(AccessControlDbContext db, ModelTarget target,
        Dictionary<string, string> customRoleIds, CancellationToken ct)
    {
        if (target.Settings.ContainsKey(SettingKeys.DefaultNewUserRole)) return;
        var current = await db.Settings.AsNoTracking().Where(s => s.Key == SettingKeys.DefaultNewUserRole).Select(s => s.Value).FirstOrDefaultAsync(ct);
        if (current is not null && customRoleIds.TryGetValue(current, out var name) && !target.Roles.ContainsKey(name))
            throw new ValidationException("settings.defaultNewUserRole",
                "The document removes the custom role that is the default new-user role. Keep the role in the document, or set settings.defaultNewUserRole to another role.");
    }

    private Guid ETagOf(ModelDocumentDto doc) =>
        new(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(doc, json.Value.SerializerOptions)).AsSpan(0, 16));
}
