using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class CollectionConfiguration : IEntityTypeConfiguration<Collection>
{
    public void Configure(EntityTypeBuilder<Collection> b)
    {
        b.ToTable("Collections");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasMaxLength(Lengths.Id).ValueGeneratedNever();
        b.Property(c => c.ParentId).HasMaxLength(Lengths.Id);
        b.Property(c => c.Name).HasMaxLength(Lengths.Name);
        b.Property(c => c.NormalizedName).HasMaxLength(Lengths.Name);
        b.Property(c => c.Version).IsConcurrencyToken();
        // A collection with children cannot be deleted; the app deletes a subtree bottom-up when asked to cascade.
        b.HasOne<Collection>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        // Sibling names are unique case-insensitively. The root's ParentId is NULL: there is only one root.
        b.HasIndex(c => new { c.ParentId, c.NormalizedName }).IsUnique();
    }
}
