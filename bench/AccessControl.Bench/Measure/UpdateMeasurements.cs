using System.Diagnostics;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Bench.Measure;

/// <summary>
/// How long a single change takes to reach decisions: <see cref="AccessEngine.Apply"/> for each kind of change
/// (medians of repetitions), and the app's whole path after a commit, reading the touched rows again from PostgreSQL
/// (<see cref="AccessModelLoader.LoadDeltaAsync"/>) and applying them.
/// </summary>
public static class UpdateMeasurements
{
    private const int Reps = 7;

    public static async Task RunAsync(string database, AccessEngine engine, AccessModel m, PresetResult result)
    {
        ApplyEach(engine, m, result);

        // After a commit the app reads the touched rows again: here a grant, a membership and a user, as one change.
        var keys = new ModelChangeKeys();
        keys.Grants.Add(m.Grants[m.Grants.Length / 2].Id);
        keys.TeamMembers.Add((m.TeamMembers[0].TeamId, m.TeamMembers[0].UserId));
        keys.Users.Add(m.Users[m.Users.Length / 2].Id);
        var options = new DbContextOptionsBuilder<AccessControlDbContext>();
        DatabaseProvider.Configure(options, DatabaseProvider.Postgres, database);
        var (total, reads) = (new List<double>(), new List<double>());
        for (var rep = 0; rep <= Reps; rep++)
        {
            var sw = Stopwatch.StartNew();
            ModelDelta delta;
            await using (var db = new AccessControlDbContext(options.Options)) delta = await AccessModelLoader.LoadDeltaAsync(db, keys);
            var read = sw.Elapsed.TotalMilliseconds;
            engine.Apply(delta);
            if (rep == 0) continue;
            total.Add(sw.Elapsed.TotalMilliseconds);
            reads.Add(read);
        }
        result.UpdateFromPostgresMs = Stats.Median(total);
        result.UpdateReadMs = Stats.Median(reads);
    }

    /// <summary><see cref="AccessEngine.Apply"/> of one change of each kind on <paramref name="engine"/>: one warm-up, the median of the rest.</summary>
    public static void ApplyEach(AccessEngine engine, AccessModel m, PresetResult result)
    {
        var user = m.Users[m.Users.Length / 2];
        var team = m.Teams[m.Teams.Length / 3];
        var leaf = m.Collections[^1];
        var grant = new GrantInfo(Guid.NewGuid(), SubjectKind.User, user.Id, "viewonly", ResourceKind.Collection, leaf.Id, null);
        var gone = m.Grants[m.Grants.Length / 2];
        var member = new TeamMemberInfo(team.Id, user.Id, false);
        var role = m.Roles.FirstOrDefault(r => !r.Permissions.IsEmpty && !Core.Catalog.BuiltInRoles.All.Any(b => b.Id == r.Id)) ?? m.Roles[0];
        var newUser = new UserInfo(Guid.NewGuid(), "bench-new-user", true, false);
        var newCollection = new CollectionInfo("bench-new-collection", leaf.Id, "bench-new");
        var deltas = new (string Kind, ModelDelta Delta)[]
        {
            ("grant added", new ModelDelta { Grants = new([grant.Id], [grant]) }),
            ("grant deleted", new ModelDelta { Grants = new([gone.Id], []) }),
            ("membership added", new ModelDelta { TeamMembers = new([(member.TeamId, member.UserId)], [member]) }),
            ("user deactivated", new ModelDelta { Users = new([user.Id], [user with { Active = false }]) }),
            ("role edited", new ModelDelta { Roles = new([role.Id], [role with { Permissions = role.Permissions.RemoveAt(0) }]) }),
            ("user created", new ModelDelta { Users = new([newUser.Id], [newUser]) }),
            ("collection created", new ModelDelta { Collections = new([newCollection.Id], [newCollection]) }),
        };
        using var process = Process.GetCurrentProcess();
        foreach (var (kind, delta) in deltas)
        {
            engine.Apply(delta); // warm-up
            var times = Enumerable.Range(0, Reps).Select(_ => Time(process, () => engine.Apply(delta))).ToList();
            result.UpdateApplyMs[kind] = Stats.Median(times.Select(t => t.Wall));
            result.UpdateApplyCpuMs[kind] = Stats.Median(times.Select(t => t.Cpu));
        }
    }

    /// <summary>Wall and process CPU milliseconds of <paramref name="a"/>.</summary>
    private static (double Wall, double Cpu) Time(Process process, Action a)
    {
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        a();
        var wall = sw.Elapsed.TotalMilliseconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu0).TotalMilliseconds);
    }
}
