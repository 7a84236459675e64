using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WebhookConsole.Ingest;

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> b)
    {
        b.ToTable("Events");
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.Type).HasMaxLength(64);
        b.Property(x => x.WebsiteId).HasMaxLength(64);
        b.Property(x => x.CampaignId).HasMaxLength(64);
        b.Property(x => x.ProgramId).HasMaxLength(64);
        b.Property(x => x.SubjectId).HasMaxLength(128);
        b.Property(x => x.IdempotencyKey).HasMaxLength(256);
        b.HasIndex(x => x.IdempotencyKey).IsUnique();
        b.HasIndex(x => x.SubjectId);
        b.Property(x => x.EmailHash).HasMaxLength(64);
        b.HasIndex(x => x.EmailHash);
    }
}
