using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class NamespaceConfiguration : IEntityTypeConfiguration<Namespace>
{
    public void Configure(EntityTypeBuilder<Namespace> b)
    {
        b.ToTable("Namespaces");
        b.HasKey(n => n.Id);
        b.Property(n => n.Name).HasMaxLength(Lengths.NamespaceName);
        b.HasIndex(n => n.Name).IsUnique();
    }
}
