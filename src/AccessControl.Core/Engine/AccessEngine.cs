using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>
/// The decision engine: answers check, who-can and effective from an immutable snapshot of the model.
/// Build once per model version; every method is thread-safe and never touches a database.
/// </summary>
/// <remarks>
/// Questions about a <c>team:</c> or <c>org:</c> subject (in <see cref="Check"/> and <see cref="Effective"/>) answer
/// for what that group itself receives, that is what every member gets through it: a team gets the grants to the
/// team and to its org (every team member is an org member); an org gets the grants to the org. Groups have no
/// active or admin flag. A service account gets only the grants to itself and is always active.
/// A question that is not applicable (e.g. a Swarm permission on a namespace) is answered so before the subject's
/// state is looked at: the pair is false for everyone, active or not.
/// </remarks>
public sealed partial class AccessEngine
{
    public AccessModel Model { get; }
    public ModelIndex Index { get; }
    public PermissionCatalog Catalog { get; }
    private readonly CompiledModel data;

    private AccessEngine(AccessModel model, PermissionCatalog catalog)
    {
        Model = model;
        Catalog = catalog;
        Index = new ModelIndex(model);
        data = CompiledModel.Build(model, Index, catalog);
    }

    private AccessEngine(AccessModel model, PermissionCatalog catalog, ModelIndex index, CompiledModel data)
    {
        Model = model;
        Catalog = catalog;
        Index = index;
        this.data = data;
    }

    public static AccessEngine Build(AccessModel model, PermissionCatalog? catalog = null) =>
        new(model, catalog ?? PermissionCatalog.Default);

    /// <summary>
    /// The engine of this model after <paramref name="delta"/>, built incrementally: the parts the delta does not touch
    /// are shared with this engine, which stays valid and unchanged. Every answer equals that of
    /// <see cref="Build"/> on <c>Model.Apply(delta)</c>.
    /// </summary>
    public AccessEngine Apply(ModelDelta delta)
    {
        if (delta.IsEmpty) return this;
        var model = Model.Apply(delta);
        var index = new ModelIndex(model, Index, delta);
        return new AccessEngine(model, Catalog, index, CompiledModel.Update(data, Model, model, index, delta));
    }

    private int ResolveSubject(SubjectRef subject) => ResolveSubject(subject.Kind, subject.Name);

    private int ResolveSubject(SubjectKind kind, ReadOnlySpan<char> name) => TryResolveSubject(kind, name, out var s) ? s
        : throw new UnknownReferenceException("subject", $"There is no {SubjectRef.Prefix(kind)} '{name}'.");

    private bool TryResolveSubject(SubjectKind kind, ReadOnlySpan<char> name, out int subject) => (kind switch
    {
        SubjectKind.User => data.UserBySpan,
        SubjectKind.Team => data.TeamBySpan,
        SubjectKind.Org => data.OrgBySpan,
        _ => data.ServiceAccountBySpan,
    }).TryGetValue(name, out subject);

    private int ResolvePermission(string permission, out Permission p)
    {
        var i = ResolvePermission(permission);
        p = Catalog.All[i];
        return i;
    }

    private int ResolvePermission(ReadOnlySpan<char> permission) => Catalog.IndexOf(permission) is var i and >= 0 ? i
        : throw new UnknownReferenceException("permission", $"There is no permission '{permission}' in the catalog.");

    private int ResolveResource(ResourceRef resource) => ResolveResource(resource.Kind, resource.Name);

    private int ResolveResource(ResourceKind kind, ReadOnlySpan<char> name) => TryResolveResource(kind, name, out var r) ? r
        : throw new UnknownReferenceException("resource", kind == ResourceKind.Namespace
            ? $"There is no namespace '{name}'." : $"There is no collection '{name}'.");

    private bool TryResolveResource(ResourceKind kind, ReadOnlySpan<char> name, out int resource)
    {
        switch (kind)
        {
            case ResourceKind.AllNamespaces:
                resource = data.AllNamespaces;
                return true;
            case ResourceKind.Namespace when name is "*":
                resource = data.AllNamespaces;
                return true;
            case ResourceKind.Namespace:
                return data.NamespaceBySpan.TryGetValue(name, out resource);
            default:
                var path = name.Length > 1 && name.EndsWith('/') ? name.TrimEnd('/') : name;
                return data.CollectionBySpan.TryGetValue(path, out resource);
        }
    }
}
