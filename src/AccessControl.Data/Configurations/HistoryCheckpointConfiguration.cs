using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccessControl.Data.Configurations;

public sealed class HistoryCheckpointConfiguration : IEntityTypeConfiguration<HistoryCheckpoint>
{
    public void Configure(EntityTypeBuilder<HistoryCheckpoint> b)
    {
        b.ToTable("HistoryCheckpoints");
        b.HasKey(c => c.Entry);
        b.Property(c => c.Entry).ValueGeneratedNever();
        b.Property(c => c.Data).IsRequired();
        b.Property(c => c.Model).IsRequired();
    }
}
