using System.Collections.Immutable;
using AccessControl.Core.Model;

namespace AccessControl.Data;

/// <summary>
/// The engine's model (<see cref="AccessModel"/>) in a compact binary form, stored with each history checkpoint so that
/// a question about the past reads the model directly instead of parsing every row's JSON.
/// </summary>
public static class ModelBinary
{
    public static void Write(BinaryWriter w, AccessModel m)
    {
        Rows(w, m.Users, u => { Id(w, u.Id); w.Write(u.UserName); w.Write(u.Active); w.Write(u.IsAdmin); });
        Rows(w, m.Orgs, o => { Id(w, o.Id); w.Write(o.Name); });
        Rows(w, m.Teams, t => { Id(w, t.Id); Id(w, t.OrgId); w.Write(t.Name); });
        Rows(w, m.OrgMembers, x => { Id(w, x.OrgId); Id(w, x.UserId); w.Write(x.IsAdmin); });
        Rows(w, m.TeamMembers, x => { Id(w, x.TeamId); Id(w, x.UserId); w.Write(x.IsAdmin); });
        Rows(w, m.ServiceAccounts, s => { Id(w, s.Id); w.Write(s.Namespace); w.Write(s.Name); });
        Rows(w, m.Roles, r =>
        {
            w.Write(r.Id); w.Write(r.Name); w.Write(r.Permissions.Length);
            foreach (var p in r.Permissions) w.Write(p);
        });
        Rows(w, m.Collections, c => { w.Write(c.Id); Text(w, c.ParentId); w.Write(c.Name); });
        Rows(w, m.Namespaces, n => { Id(w, n.Id); w.Write(n.Name); });
        Rows(w, m.Grants, g =>
        {
            Id(w, g.Id); w.Write((byte)g.SubjectKind); Id(w, g.SubjectId); w.Write(g.RoleId); w.Write((byte)g.ResourceKind);
            Text(w, g.CollectionId); w.Write(g.NamespaceId.HasValue); if (g.NamespaceId is { } ns) Id(w, ns);
        });
    }

    public static AccessModel Read(BinaryReader r) => new(
        Rows(r, () => new UserInfo(Id(r), r.ReadString(), r.ReadBoolean(), r.ReadBoolean())),
        Rows(r, () => new OrgInfo(Id(r), r.ReadString())),
        Rows(r, () => new TeamInfo(Id(r), Id(r), r.ReadString())),
        Rows(r, () => new OrgMemberInfo(Id(r), Id(r), r.ReadBoolean())),
        Rows(r, () => new TeamMemberInfo(Id(r), Id(r), r.ReadBoolean())),
        Rows(r, () => new ServiceAccountInfo(Id(r), r.ReadString(), r.ReadString())),
        Rows(r, () => new RoleInfo(r.ReadString(), r.ReadString(), [.. Enumerable.Range(0, r.ReadInt32()).Select(_ => r.ReadString())])),
        Rows(r, () => new CollectionInfo(r.ReadString(), Text(r), r.ReadString())),
        Rows(r, () => new NamespaceInfo(Id(r), r.ReadString())),
        Rows(r, () => new GrantInfo(Id(r), (SubjectKind)r.ReadByte(), Id(r), r.ReadString(), (ResourceKind)r.ReadByte(), Text(r),
            r.ReadBoolean() ? Id(r) : null)));

    private static void Rows<T>(BinaryWriter w, ImmutableArray<T> rows, Action<T> write)
    {
        w.Write(rows.Length);
        foreach (var row in rows) write(row);
    }

    private static ImmutableArray<T> Rows<T>(BinaryReader r, Func<T> read)
    {
        var rows = ImmutableArray.CreateBuilder<T>(r.ReadInt32());
        for (var i = rows.Capacity; i > 0; i--) rows.Add(read());
        return rows.MoveToImmutable();
    }

    private static void Id(BinaryWriter w, Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        w.Write(bytes);
    }

    private static Guid Id(BinaryReader r)
    {
        Span<byte> bytes = stackalloc byte[16];
        r.BaseStream.ReadExactly(bytes);
        return new Guid(bytes);
    }

    private static void Text(BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) w.Write(s);
    }

    private static string? Text(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;
}
