using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Data;

/// <summary>
/// The same model on PostgreSQL. A type of its own so its migrations (Data/Migrations/Postgres) are told apart from
/// SQLite's; everything else uses it as an <see cref="AppDbContext"/>.
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // The due sweep's indexes hold only the rows it looks for: waiting ones by next-attempt time, claimed ones by lease.
        // A PostgreSQL update that is not HOT adds the row to every index whose predicate it meets, so a delivery that
        // reaches an end (most of them, on their first attempt) leaves both, and one claimed at ingest never enters the
        // waiting one: three index entries fewer per delivery. Every query these indexes serve names the statuses they hold.
        var deliveries = builder.Entity<Delivery>();
        deliveries.HasIndex(x => new { x.Status, x.NextAttemptAt }).HasFilter($"\"Status\" IN ({DeliveryStatuses.WaitingSql})");
        deliveries.HasIndex(x => new { x.Status, x.LeaseUntil }).HasFilter($"\"Status\" = '{DeliveryStatus.Sending.Name()}'");
    }
}
