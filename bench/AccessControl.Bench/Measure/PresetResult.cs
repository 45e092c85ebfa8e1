using AccessControl.Bench.Generation;

namespace AccessControl.Bench.Measure;

/// <summary>A peer's answers to the engine's questions: how many it was asked and on how many it agreed.</summary>
public sealed record Agreement(int Agreed, int Asked)
{
    public override string ToString() => $"{Agreed:N0}/{Asked:N0}";
}

/// <summary>Every figure of one preset, measured in one run. Latencies: µs for checks, ms for the rest.</summary>
public sealed class PresetResult
{
    public required Preset Preset { get; init; }
    public int Users { get; set; }
    public int Collections { get; set; }
    public int Grants { get; set; }
    public int Memberships { get; set; }
    public double GenerateMs { get; set; }
    public double CopyLoadMs { get; set; }
    public double SnapshotLoadMs { get; set; }
    public double SnapshotBuildMs { get; set; }
    public double SnapshotHeapMb { get; set; }
    /// <summary>Kind of change → median ms of <c>AccessEngine.Apply</c>.</summary>
    public Dictionary<string, double> UpdateApplyMs { get; } = [];
    /// <summary>The same applies in milliseconds of the process's CPU time (the wall time on a core of its own).</summary>
    public Dictionary<string, double> UpdateApplyCpuMs { get; } = [];
    public double UpdateFromPostgresMs { get; set; }
    public double UpdateReadMs { get; set; }
    public double? ScimRequestsPerSecond { get; set; }
    public string ScimNote { get; set; } = "not measured";

    public double CheckPerSecond { get; set; }
    public Percentiles CheckLatencyUs { get; set; } = null!;
    public double CheckBytesPerCall { get; set; }
    public double ExplainedCheckPerSecond { get; set; }
    /// <summary>Checks per second of the process's CPU time: what the figure would be with a core to itself.</summary>
    public double CheckPerCpuSecond { get; set; }
    public double ExportRowsPerCpuSecond { get; set; }
    public double ExplainedCheckBytesPerCall { get; set; }
    public double AllowedShare { get; set; }
    public Percentiles WhoCanMs { get; set; } = null!;
    public double WhoCanMeanAnswer { get; set; }
    public Percentiles EffectiveMs { get; set; } = null!;
    public long ExportRows { get; set; }
    public int ExportSubjects { get; set; }
    public double ExportRowsPerSecond { get; set; }
    public double ExportHeapGrowthMb { get; set; }
    /// <summary>The dashboard's users-with-access per collection (<c>CollectionAudience</c>), median of 5, ms; and how many collections it counted.</summary>
    public double DashboardAudienceMs { get; set; }
    public int DashboardAudienceCollections { get; set; }

    public double? CasbinPerSecond { get; set; }
    public Percentiles? CasbinLatencyUs { get; set; }
    public double CasbinLoadMs { get; set; }
    public long CasbinPolicyLines { get; set; }
    public Agreement? CasbinAgreement { get; set; }
    public string? CasbinError { get; set; }

    public double? CtePerSecond { get; set; }
    public Percentiles? CteCheckMs { get; set; }
    public Percentiles? CteWhoCanMs { get; set; }
    public Agreement? CteAgreement { get; set; }
    public Agreement? CteWhoCanAgreement { get; set; }

    public double? OraclePerSecond { get; set; }
    public Percentiles? OracleLatencyUs { get; set; }
    public Agreement? OracleAgreement { get; set; }

    /// <summary>The console's grants grid: count + a page of 50 sorted by creation (newest first) and by subject name.</summary>
    public Percentiles? GrantsGridCreatedMs { get; set; }
    public Percentiles? GrantsGridSubjectMs { get; set; }
    /// <summary>The slowest of the grid's other sorts and filtered views (GrantsGridMeasurement), and which one it was.</summary>
    public Percentiles? GrantsGridOthersMs { get; set; }
    public string? GrantsGridOthersWorst { get; set; }

    public double? HttpDecisionsPerSecond { get; set; }
    public double? HttpDecisionsPerAppCpuSecond { get; set; }
    public Agreement? HttpAgreement { get; set; }
    public string HttpNote { get; set; } = "not measured";
}
