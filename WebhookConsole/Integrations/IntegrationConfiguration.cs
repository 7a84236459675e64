using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WebhookConsole.Integrations;

internal sealed class IntegrationConfiguration : IEntityTypeConfiguration<Integration>
{
    public void Configure(EntityTypeBuilder<Integration> b)
    {
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Url).HasMaxLength(2048);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.WebsiteId).HasMaxLength(64);
        b.Property(x => x.AuthHeaderName).HasMaxLength(128);
        b.Property(x => x.PayloadVersion).HasMaxLength(8);
        b.HasIndex(x => x.Name).IsUnique();
    }
}
