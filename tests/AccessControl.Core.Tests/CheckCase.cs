using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

/// <summary>One row of a should-allow / should-deny table. <see cref="Because"/> lists grant labels in answer order.</summary>
internal sealed record CheckCase(
    string Name, string Subject, string Permission, string Resource, bool Allowed,
    DenialReason? Denial = null, string[]? Because = null, bool ViaAdmin = false, string[]? Nearest = null)
{
    public static CheckCase Allow(string name, string subject, string permission, string resource, params string[] because) =>
        new(name, subject, permission, resource, true, Because: because);

    public static CheckCase Admin(string name, string subject, string permission, string resource) =>
        new(name, subject, permission, resource, true, ViaAdmin: true, Because: []);

    public static CheckCase Deny(string name, string subject, string permission, string resource, DenialReason why, params string[] nearest) =>
        new(name, subject, permission, resource, false, why, [], Nearest: nearest);

    public void AssertAgainst(TestModel model, AccessEngine engine)
    {
        var d = engine.Check(SubjectRef.Parse(Subject), Permission, ResourceRef.Parse(Resource));
        Assert.Equal(Allowed, d.Allowed);
        Assert.Equal(ViaAdmin, d.ViaAdmin);
        Assert.Equal(Denial, d.Denial);
        Assert.Equal(Because ?? [], d.Because.Select(b => model.Label(b.Grant)));
        if (Allowed)
        {
            Assert.Null(d.Reason);
            Assert.Empty(d.Nearest);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Reason));
            if (Nearest is not null) Assert.Equal(Nearest, d.Nearest.Select(n => model.Label(n.Grant)));
            Assert.All(d.Nearest, n => Assert.Equal(Permission, n.Lacks));
        }
    }
}
