using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>Build-time interning of collections and namespaces: parent array, depth, children, references.</summary>
internal sealed class Resources
{
    public required int CollectionCount { get; init; }
    public required int AllNamespaces { get; init; }
    public required int[] Parent { get; init; }
    public required int[] Depth { get; init; }
    public required int MaxDepth { get; init; }
    public required Csr Children { get; init; }
    public required string[] Refs { get; init; }
    public required Dictionary<string, int> CollectionById { get; init; }
    public required Dictionary<Guid, int> NamespaceById { get; init; }
    public required Dictionary<string, int> CollectionByPath { get; init; }
    public required Dictionary<string, int> NamespaceByName { get; init; }
    /// <summary>Identifies this version; <see cref="AppendedTo"/> of the table <see cref="TryAppend"/> makes from it.</summary>
    private object Version { get; } = new();
    private object? AppendedTo { get; set; }

    public static Resources Build(AccessModel model, ModelIndex index)
    {
        var cols = model.Collections;
        int c = cols.Length, all = c + model.Namespaces.Length;
        var byId = new Dictionary<string, int>(c, StringComparer.Ordinal);
        for (var i = 0; i < c; i++) byId[cols[i].Id] = i;
        var parent = new int[c];
        for (var i = 0; i < c; i++)
            parent[i] = cols[i].ParentId is { } pid && byId.TryGetValue(pid, out var p) ? p : -1;
        var depth = new int[c];
        Array.Fill(depth, -1);
        var maxDepth = 0;
        for (var i = 0; i < c; i++) maxDepth = Math.Max(maxDepth, DepthOf(i, parent, depth, c));

        var refs = new string[all + 1];
        var byPath = new Dictionary<string, int>(c, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < c; i++)
        {
            var path = index.PathOf(cols[i].Id);
            byPath[path] = i;
            refs[i] = "collection:" + path;
        }
        var nsById = new Dictionary<Guid, int>(model.Namespaces.Length);
        var nsByName = new Dictionary<string, int>(model.Namespaces.Length, StringComparer.Ordinal);
        for (var i = 0; i < model.Namespaces.Length; i++)
        {
            var ns = model.Namespaces[i];
            nsById[ns.Id] = c + i; nsByName[ns.Name] = c + i;
            refs[c + i] = "namespace:" + ns.Name;
        }
        refs[all] = ResourceRef.AllNamespaces.ToString();

        return Assemble(c, all, parent, depth, maxDepth, refs, byId, nsById, byPath, nsByName);
    }

    /// <summary>
    /// The resources after collections were only added (no collection or namespace changed or removed): old rows copied,
    /// the new collections appended after the old ones (namespaces move up by as many). Null for any other change.
    /// </summary>
    public Resources? TryAppend(AccessModel model, ModelIndex index, ModelDelta delta)
    {
        if (!delta.Namespaces.IsEmpty || delta.Collections.Touched.Any(CollectionById.ContainsKey)) return null;
        var cols = model.Collections;
        int c = cols.Length, added = c - CollectionCount, all = c + model.Namespaces.Length;
        if (added != delta.Collections.Rows.Length) return null;
        var byId = new Dictionary<string, int>(CollectionById, CollectionById.Comparer);
        var byPath = new Dictionary<string, int>(CollectionByPath, CollectionByPath.Comparer);
        var parent = new int[c];
        var depth = new int[c];
        Parent.CopyTo(parent, 0);
        Depth.CopyTo(depth, 0);
        var refs = new string[all + 1];
        Array.Copy(Refs, refs, CollectionCount);
        var maxDepth = MaxDepth;
        for (var i = CollectionCount; i < c; i++)
        {
            if (cols[i].Id != delta.Collections.Rows[i - CollectionCount].Id) return null; // not appended in order
            byId[cols[i].Id] = i;
        }
        for (var i = CollectionCount; i < c; i++)
        {
            parent[i] = cols[i].ParentId is { } pid && byId.TryGetValue(pid, out var p) ? p : -1;
            depth[i] = -1;
        }
        for (var i = CollectionCount; i < c; i++) maxDepth = Math.Max(maxDepth, DepthOf(i, parent, depth, c));
        for (var i = CollectionCount; i < c; i++)
        {
            var path = index.PathOf(cols[i].Id);
            byPath[path] = i;
            refs[i] = "collection:" + path;
        }
        var nsById = new Dictionary<Guid, int>(model.Namespaces.Length);
        var nsByName = new Dictionary<string, int>(model.Namespaces.Length, StringComparer.Ordinal);
        for (var i = 0; i < model.Namespaces.Length; i++)
        {
            nsById[model.Namespaces[i].Id] = c + i; nsByName[model.Namespaces[i].Name] = c + i;
            refs[c + i] = Refs[CollectionCount + i];
        }
        refs[all] = Refs[AllNamespaces];
        var appended = Assemble(c, all, parent, depth, maxDepth, refs, byId, nsById, byPath, nsByName);
        appended.AppendedTo = Version;
        return appended;
    }

    /// <summary>The table from its rows: the children lists are grouped from the parents.</summary>
    private static Resources Assemble(int c, int all, int[] parent, int[] depth, int maxDepth, string[] refs,
        Dictionary<string, int> byId, Dictionary<Guid, int> nsById, Dictionary<string, int> byPath, Dictionary<string, int> nsByName)
    {
        var childKeys = new List<int>(c);
        var childValues = new List<int>(c);
        for (var i = 0; i < c; i++)
            if (parent[i] >= 0) { childKeys.Add(parent[i]); childValues.Add(i); }
        return new Resources
        {
            CollectionCount = c, AllNamespaces = all, Parent = parent, Depth = depth, MaxDepth = maxDepth,
            Children = Csr.Group(c, childKeys.ToArray(), childValues.ToArray()), Refs = refs,
            CollectionById = byId, NamespaceById = nsById, CollectionByPath = byPath, NamespaceByName = nsByName,
        };
    }

    private static int DepthOf(int i, int[] parent, int[] depth, int count)
    {
        var steps = 0;
        var top = i;
        while (top >= 0 && depth[top] < 0)
        {
            if (++steps > count) throw new InvalidOperationException("The collection tree has a cycle.");
            top = parent[top];
        }
        var d = top < 0 ? -1 : depth[top];
        // Second walk: fill the depths from the known ancestor down.
        var chain = new Stack<int>();
        for (var x = i; x != top; x = parent[x]) chain.Push(x);
        while (chain.Count > 0) depth[chain.Pop()] = ++d;
        return depth[i];
    }

    /// <summary>Old index → index in <paramref name="next"/> by collection and namespace id, -1 when gone.</summary>
    public int[] MapTo(Resources next, AccessModel oldModel, AccessModel newModel)
    {
        var map = new int[AllNamespaces + 1];
        if (ReferenceEquals(next.AppendedTo, Version))
        {
            // Collections appended: the old ones keep their index, the namespaces move up by as many.
            for (var i = 0; i <= AllNamespaces; i++) map[i] = i < CollectionCount ? i : i - CollectionCount + next.CollectionCount;
            return map;
        }
        for (var i = 0; i < CollectionCount; i++)
            map[i] = next.CollectionById.TryGetValue(oldModel.Collections[i].Id, out var c) ? c : -1;
        for (var i = CollectionCount; i < AllNamespaces; i++)
            map[i] = next.NamespaceById.TryGetValue(oldModel.Namespaces[i - CollectionCount].Id, out var n) ? n : -1;
        map[AllNamespaces] = next.AllNamespaces;
        return map;
    }

    /// <summary>The resource index a grant sits on, or -1 when it names nothing in the model.</summary>
    public int IndexOf(GrantInfo g) => g.ResourceKind switch
    {
        ResourceKind.Collection => g.CollectionId is { } id && CollectionById.TryGetValue(id, out var i) ? i : -1,
        ResourceKind.Namespace => g.NamespaceId is { } ns && NamespaceById.TryGetValue(ns, out var j) ? j : -1,
        _ => AllNamespaces,
    };
}
