using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WebhookConsole.Privacy;

internal sealed class ErasureConfiguration : IEntityTypeConfiguration<Erasure>
{
    public void Configure(EntityTypeBuilder<Erasure> b)
    {
        b.ToTable("Erasures");
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.RequestedBy).HasMaxLength(256);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.JobId).HasMaxLength(64);
    }
}

internal sealed class MaskedPathConfiguration : IEntityTypeConfiguration<MaskedPath>
{
    public void Configure(EntityTypeBuilder<MaskedPath> b)
    {
        b.ToTable("MaskedPaths");
        b.Property(x => x.Path).HasMaxLength(256);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.HasIndex(x => x.Path).IsUnique();
    }
}
