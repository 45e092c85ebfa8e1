using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class ServiceAccountConfiguration : IEntityTypeConfiguration<ServiceAccount>
{
    public void Configure(EntityTypeBuilder<ServiceAccount> b)
    {
        b.ToTable("ServiceAccounts");
        b.HasKey(s => s.Id);
        b.Property(s => s.Namespace).HasMaxLength(Lengths.NamespaceName);
        b.Property(s => s.Name).HasMaxLength(Lengths.ServiceAccountName);
        b.HasIndex(s => new { s.Namespace, s.Name }).IsUnique();
    }
}
