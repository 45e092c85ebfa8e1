using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("Organizations");
        b.HasKey(o => o.Id);
        b.Property(o => o.Name).HasMaxLength(Lengths.Name);
        b.Property(o => o.Version).IsConcurrencyToken();
        // Org names are lower case by rule, so a plain unique index is case-insensitive in effect.
        b.HasIndex(o => o.Name).IsUnique();
    }
}
