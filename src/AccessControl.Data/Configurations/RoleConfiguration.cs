using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> b)
    {
        b.ToTable("Roles");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasMaxLength(Lengths.Id).ValueGeneratedNever();
        b.Property(r => r.Name).HasMaxLength(Lengths.Name);
        b.Property(r => r.NormalizedName).HasMaxLength(Lengths.Name);
        b.Property(r => r.Description).HasMaxLength(Lengths.Description);
        // A primitive collection: a JSON array in a text column on SQLite, a varchar[] on PostgreSQL; both keep order.
        b.PrimitiveCollection(r => r.Permissions).IsRequired().ElementType().HasMaxLength(Lengths.Permission);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => r.NormalizedName).IsUnique();
    }
}
