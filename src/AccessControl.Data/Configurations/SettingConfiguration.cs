using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class SettingConfiguration : IEntityTypeConfiguration<Setting>
{
    public void Configure(EntityTypeBuilder<Setting> b)
    {
        b.ToTable("Settings");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(Lengths.Name).ValueGeneratedNever();
        b.Property(s => s.Value).HasMaxLength(Lengths.SettingValue);
        b.Property(s => s.Version).IsConcurrencyToken();
    }
}
