using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>
/// The decision engine: answers check, who-can and effective from an immutable snapshot of the model.
/// Build once per model version; every method is thread-safe and never touches a database.
/// </summary>
public sealed class AccessEngine
{
    public AccessModel Model { get; }
    public ModelIndex Index { get; }
    public PermissionCatalog Catalog { get; }

    private AccessEngine(AccessModel model, PermissionCatalog catalog)
    {
        Model = model;
        Catalog = catalog;
        Index = new ModelIndex(model);
    }

    public static AccessEngine Build(AccessModel model, PermissionCatalog? catalog = null) =>
        new(model, catalog ?? PermissionCatalog.Default);

    /// <summary>Throws <see cref="UnknownReferenceException"/> for an unknown subject, permission or resource.</summary>
    public Decision Check(SubjectRef subject, string permission, ResourceRef resource) =>
        throw new NotImplementedException("engine: being written");

    public WhoCanResult WhoCan(string permission, ResourceRef resource) =>
        throw new NotImplementedException("engine: being written");

    public EffectiveResult Effective(SubjectRef subject) =>
        throw new NotImplementedException("engine: being written");
}
