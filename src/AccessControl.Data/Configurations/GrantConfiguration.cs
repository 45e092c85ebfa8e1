using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class GrantConfiguration : IEntityTypeConfiguration<Grant>
{
    public void Configure(EntityTypeBuilder<Grant> b)
    {
        b.ToTable("Grants");
        b.HasKey(g => g.Id);
        b.Ignore(g => g.SubjectId);
        b.Property(g => g.SubjectKind).HasConversion<string>().HasMaxLength(Lengths.Kind);
        b.Property(g => g.ResourceKind).HasConversion<string>().HasMaxLength(Lengths.Kind);
        b.Property(g => g.RoleId).HasMaxLength(Lengths.Id);
        b.Property(g => g.CollectionId).HasMaxLength(Lengths.Id);
        b.Property(g => g.SubjectKey).HasMaxLength(Lengths.SubjectKey);
        b.Property(g => g.ResourceKey).HasMaxLength(Lengths.ResourceKey);
        b.Property(g => g.CreatedBy).HasMaxLength(Lengths.Actor);
        b.Property(g => g.SubjectName).HasMaxLength(Lengths.SortName);
        b.Property(g => g.ResourceName).HasMaxLength(Lengths.SortName);

        // Deleting a subject removes its grants.
        b.HasOne<User>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Team>().WithMany().HasForeignKey(g => g.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(g => g.OrgId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ServiceAccount>().WithMany().HasForeignKey(g => g.ServiceAccountId).OnDelete(DeleteBehavior.Cascade);
        // A role in use cannot be deleted; a collection or namespace with grants neither: the app deletes those
        // grants explicitly (and audibly) when the caller asks for the cascade.
        b.HasOne<Role>().WithMany().HasForeignKey(g => g.RoleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Collection>().WithMany().HasForeignKey(g => g.CollectionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Namespace>().WithMany().HasForeignKey(g => g.NamespaceId).OnDelete(DeleteBehavior.Restrict);

        b.HasIndex(g => new { g.SubjectKey, g.RoleId, g.ResourceKey }).IsUnique();
        // The grants grid (GrantGrid): newest first, by creator, subject or resource set name as index ranges, also within one role's or one
        // resource set's grants (these two serve the lookups by role and by resource set as well).
        b.HasIndex(g => new { g.CreatedAt, g.Id });
        b.HasIndex(g => new { g.CreatedBy, g.Id });
        b.HasIndex(g => new { g.SubjectName, g.Id });
        b.HasIndex(g => new { g.ResourceName, g.Id });
        b.HasIndex(g => new { g.RoleId, g.CreatedAt, g.Id });
        b.HasIndex(g => new { g.ResourceKey, g.CreatedAt, g.Id });
    }
}
