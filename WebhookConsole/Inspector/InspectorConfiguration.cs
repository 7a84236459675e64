using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WebhookConsole.Inspector;

internal sealed class InspectorBinConfiguration : IEntityTypeConfiguration<InspectorBin>
{
    public void Configure(EntityTypeBuilder<InspectorBin> b)
    {
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        // Retention deletes expired bins.
        b.HasIndex(x => x.ExpiresAt);
    }
}

internal sealed class InspectedRequestConfiguration : IEntityTypeConfiguration<InspectedRequest>
{
    public void Configure(EntityTypeBuilder<InspectedRequest> b)
    {
        b.Property(x => x.BinId).HasMaxLength(40);
        b.Property(x => x.Method).HasMaxLength(16);
        // Path and address are stored encrypted: longer than they arrive, so no length limit here.
        // Newest first per bin, and the per-bin cap trims the oldest.
        b.HasIndex(x => new { x.BinId, x.Id });
        b.HasOne<InspectorBin>().WithMany().HasForeignKey(x => x.BinId).OnDelete(DeleteBehavior.Cascade);
    }
}
