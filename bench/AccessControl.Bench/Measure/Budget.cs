namespace AccessControl.Bench.Measure;

/// <summary>How long each measurement may take: a full run, or --quick.</summary>
public sealed record Budget(
    int CheckReps, TimeSpan CheckRep, int LatencySamples, int WhoCanQuestions, int EffectiveUsers, int ExportSubjects,
    int SnapshotReps, int CasbinQuestions, TimeSpan CasbinTime, int CteQuestions, TimeSpan CteTime, int CteWhoCan,
    TimeSpan CteWhoCanTime, int OracleQuestions, TimeSpan OracleTime, int HttpRequests)
{
    public static readonly Budget Full = new(5, TimeSpan.FromSeconds(1), 200_000, 200, 500, int.MaxValue, 3,
        3_000, TimeSpan.FromSeconds(20), 1_000, TimeSpan.FromSeconds(15), 40, TimeSpan.FromSeconds(30), 500, TimeSpan.FromSeconds(10), 300);

    public static readonly Budget Quick = new(3, TimeSpan.FromMilliseconds(300), 50_000, 40, 100, 5_000, 1,
        400, TimeSpan.FromSeconds(4), 200, TimeSpan.FromSeconds(3), 8, TimeSpan.FromSeconds(5), 100, TimeSpan.FromSeconds(2), 20);
}
