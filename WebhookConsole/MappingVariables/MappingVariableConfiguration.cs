using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WebhookConsole.MappingVariables;

internal sealed class MappingVariableConfiguration : IEntityTypeConfiguration<MappingVariable>
{
    public void Configure(EntityTypeBuilder<MappingVariable> b)
    {
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Label).HasMaxLength(200);
        b.Property(x => x.Type).HasMaxLength(16);
        b.Property(x => x.SourceId).HasMaxLength(64);
        b.HasIndex(x => x.Name).IsUnique();
    }
}
