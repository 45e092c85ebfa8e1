using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.HasKey(a => a.Id);
        // Database-generated and increasing: the replay order of the history.
        b.Property(a => a.Id).ValueGeneratedOnAdd();
        b.Property(a => a.Actor).HasMaxLength(Lengths.Actor);
        b.Property(a => a.Action).HasMaxLength(Lengths.Name);
        b.Property(a => a.EntityType).HasMaxLength(Lengths.Name);
        b.Property(a => a.EntityKey).HasMaxLength(Lengths.EntityKey);
        b.Property(a => a.Operation).HasMaxLength(Lengths.Kind);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.EntityType, a.EntityKey });
        b.HasIndex(a => a.ChangeId);
    }
}
