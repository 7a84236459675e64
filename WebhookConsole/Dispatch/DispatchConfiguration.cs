using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WebhookConsole.Dispatch;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.EventId).HasMaxLength(40);
        b.Property(x => x.EventType).HasMaxLength(64);
        b.Property(x => x.IntegrationId).HasMaxLength(40);
        b.Property(x => x.SubjectId).HasMaxLength(128);
        // Stored as the lower-case name (as before the enum), so raw statements and existing rows read the same.
        b.Property(x => x.Status).HasMaxLength(16).HasConversion(s => s.Name(), s => DeliveryStatuses.Parse(s));
        b.Property(x => x.ReplayOf).HasMaxLength(40);
        b.Property(x => x.MessageId).HasMaxLength(64);
        b.Property(x => x.LeaseOwner).HasMaxLength(128);
        // Event logs page newest-first by id (ids are time-ordered), filtered by one column at a time. The status one also
        // carries CreatedAt and IntegrationId for the dashboard (counts per status and creation hour, integrations failing
        // most) and retention: a creation-time range is read as the id range it lies in, widened by the clock slack and
        // checked exactly on the CreatedAt in the entry, so no table lookups. One index where there were two: the outcome
        // changes Status, so each status-led index costs an entry moved per delivery on SQLite and two entries on
        // PostgreSQL (whose update is never HOT while Status is indexed); there is no index on CreatedAt at all.
        b.HasIndex(x => new { x.Status, x.Id, x.CreatedAt, x.IntegrationId });
        b.HasIndex(x => new { x.IntegrationId, x.Id });
        b.HasIndex(x => new { x.EventType, x.Id });
        b.HasIndex(x => x.EventId);
        b.HasIndex(x => x.SubjectId);
        // Replay chains (detail view; bulk replay skips deliveries that were already replayed). Only replays are indexed.
        b.HasIndex(x => x.ReplayOf).HasFilter("\"ReplayOf\" IS NOT NULL");
        // Searches by the webhook-id a receiver logged. A new delivery's webhook-id is derived from its id (found by primary
        // key), so only the others are indexed: replays (they keep the original's) and rows stored before.
        b.HasIndex(x => x.MessageId).HasFilter(DeliveryMessageIds.NotDerivedSql);
        // The due sweep claims waiting work by next-attempt time, and lapsed claims by lease time. Each index holds only the
        // rows it looks for, so the common path (claimed at insert, succeeded on its first attempt) never enters the waiting
        // one and leaves the claimed one once: an update rewrites an entry only in indexes whose predicate the row meets.
        // Every query these serve names the statuses they hold (SQLite uses a partial index only then).
        b.HasIndex(x => new { x.Status, x.NextAttemptAt }).HasFilter($"\"Status\" IN ({DeliveryStatuses.WaitingSql})");
        b.HasIndex(x => new { x.Status, x.LeaseUntil }).HasFilter($"\"Status\" = '{DeliveryStatus.Sending.Name()}'");
    }
}

internal sealed class AttemptConfiguration : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> b)
    {
        b.Property(x => x.DeliveryId).HasMaxLength(40);
        b.HasIndex(x => new { x.DeliveryId, x.Number });
        b.HasIndex(x => x.StartedAt);
    }
}
