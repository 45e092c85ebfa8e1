using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("ApiTokens");
        b.HasKey(t => t.Id);
        b.Property(t => t.Name).HasMaxLength(Lengths.Name);
        b.Property(t => t.Role).HasMaxLength(Lengths.Kind);
        b.Property(t => t.TokenHash).HasMaxLength(64);
        b.Property(t => t.Prefix).HasMaxLength(16);
        b.Property(t => t.CreatedBy).HasMaxLength(Lengths.Actor);
        b.HasIndex(t => t.TokenHash).IsUnique();
        // One active token per name; the filter is plain SQL both SQLite and PostgreSQL understand.
        b.HasIndex(t => t.Name).IsUnique().HasFilter("\"RevokedAt\" IS NULL");
    }
}
