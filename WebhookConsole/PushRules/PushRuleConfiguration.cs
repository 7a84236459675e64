using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WebhookConsole.PushRules;

internal sealed class PushRuleConfiguration : IEntityTypeConfiguration<PushRule>
{
    public void Configure(EntityTypeBuilder<PushRule> b)
    {
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.ScopeKind).HasMaxLength(16);
        b.Property(x => x.ScopeId).HasMaxLength(64);
        b.HasIndex(x => new { x.ScopeKind, x.ScopeId });
    }
}
