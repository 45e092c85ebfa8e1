using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class ProvisioningConnectionConfiguration : IEntityTypeConfiguration<ProvisioningConnection>
{
    public void Configure(EntityTypeBuilder<ProvisioningConnection> b)
    {
        b.ToTable("ProvisioningConnections");
        b.HasKey(c => c.Id);
        b.Property(c => c.Name).HasMaxLength(Lengths.Name);
        b.Property(c => c.TokenHash).HasMaxLength(64);
        b.Property(c => c.TokenPrefix).HasMaxLength(16);
        b.Property(c => c.CreatedBy).HasMaxLength(Lengths.Actor);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => c.Name).IsUnique();
        b.HasIndex(c => c.TokenHash).IsUnique();
    }
}

public sealed class ProvisioningRequestConfiguration : IEntityTypeConfiguration<ProvisioningRequest>
{
    public void Configure(EntityTypeBuilder<ProvisioningRequest> b)
    {
        b.ToTable("ProvisioningRequests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Method).HasMaxLength(16);
        b.Property(r => r.Path).HasMaxLength(512);
        b.HasOne<ProvisioningConnection>().WithMany().HasForeignKey(r => r.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.ConnectionId, r.Id });
    }
}
