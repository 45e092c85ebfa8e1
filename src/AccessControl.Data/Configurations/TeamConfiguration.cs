using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.ToTable("Teams");
        b.HasKey(t => t.Id);
        b.Property(t => t.Name).HasMaxLength(Lengths.Name);
        b.Property(t => t.DisplayName).HasMaxLength(Lengths.DisplayName);
        b.Property(t => t.ExternalId).HasMaxLength(Lengths.ExternalId);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasOne(t => t.Org).WithMany(o => o.Teams).HasForeignKey(t => t.OrgId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.OrgId, t.Name }).IsUnique();
        b.HasIndex(t => t.ExternalId);
        b.HasOne<ProvisioningConnection>().WithMany().HasForeignKey(t => t.ProvisionedBy).OnDelete(DeleteBehavior.Restrict);
    }
}
