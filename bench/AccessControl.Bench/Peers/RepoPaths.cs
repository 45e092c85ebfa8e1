namespace AccessControl.Bench.Peers;

/// <summary>Where the repository is: the nearest folder above the working directory or the binary holding AccessControl.sln.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find(Environment.CurrentDirectory) ?? Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("AccessControl.sln not found above the working directory or the binary.");

    public static string CasbinPeer => Path.Combine(Root, "bench", "peers", "casbin");

    private static string? Find(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "AccessControl.sln"))) return d.FullName;
        return null;
    }
}
