using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Collections;

public sealed record CollectionDto(string Id, string Path, string Name, string? ParentId, string? ParentPath, bool BuiltIn, string Etag)
{
    public static CollectionDto From(Collection c, string path)
    {
        var parentPath = c.ParentId is null ? null : path.LastIndexOf('/') is var i and > 0 ? path[..i] : "/";
        return new(c.Id, path, c.Name, c.ParentId, parentPath, c.BuiltIn, ETags.Format(c.Version));
    }
}

public sealed record CreateCollectionRequest(string? Path);

/// <summary>Rename and/or move: <see cref="Parent"/> is the new parent's path.</summary>
public sealed record UpdateCollectionRequest(string? Name = null, string? Parent = null);
