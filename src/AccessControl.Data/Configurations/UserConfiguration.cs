using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("Users");
        b.HasKey(u => u.Id);
        b.Property(u => u.UserName).HasMaxLength(Lengths.UserName);
        b.Property(u => u.NormalizedUserName).HasMaxLength(Lengths.UserName);
        b.Property(u => u.DisplayName).HasMaxLength(Lengths.DisplayName);
        b.Property(u => u.Email).HasMaxLength(Lengths.Email);
        b.Property(u => u.ExternalId).HasMaxLength(Lengths.ExternalId);
        b.Property(u => u.EmailType).HasMaxLength(Lengths.Kind);
        b.Property(u => u.GivenName).HasMaxLength(Lengths.DisplayName);
        b.Property(u => u.FamilyName).HasMaxLength(Lengths.DisplayName);
        b.Property(u => u.FormattedName).HasMaxLength(Lengths.DisplayName);
        b.Property(u => u.Title).HasMaxLength(Lengths.DisplayName);
        b.Property(u => u.Department).HasMaxLength(Lengths.DisplayName);
        b.Property(u => u.EmployeeNumber).HasMaxLength(Lengths.ExternalId);
        b.Property(u => u.Version).IsConcurrencyToken();
        b.HasOne<ProvisioningConnection>().WithMany().HasForeignKey(u => u.ProvisionedBy).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => u.ManagerId);
        // userName is compared case-insensitively: uniqueness is on the upper-invariant form.
        b.HasIndex(u => u.NormalizedUserName).IsUnique();
        b.HasIndex(u => u.ExternalId);
    }
}
