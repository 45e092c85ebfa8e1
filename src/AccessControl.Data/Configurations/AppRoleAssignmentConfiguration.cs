using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class AppRoleAssignmentConfiguration : IEntityTypeConfiguration<AppRoleAssignment>
{
    public void Configure(EntityTypeBuilder<AppRoleAssignment> b)
    {
        b.ToTable("AppRoleAssignments");
        b.HasKey(a => new { a.UserId, a.Role });
        b.Property(a => a.Role).HasMaxLength(Lengths.Kind);
        b.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
