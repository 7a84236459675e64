using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;

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
        // The partial MessageId index's condition as EF writes the search's test here (substring(), where SQLite's is
        // substr()): PostgreSQL uses a partial index only for a query whose condition matches its own.
        builder.Entity<Delivery>().HasIndex(x => x.MessageId).HasFilter(DeliveryMessageIds.NotDerivedPostgresSql);
        // Optional keys are indexed only where set: PostgreSQL enters NULLs in a b-tree too, so every event without an
        // idempotency key (most of them) or an email cost an index insertion at ingest that no query ever reads. Their
        // readers compare with a value (equality implies NOT NULL, so generic plans still use them), and NULLs never
        // conflicted under the unique key.
        builder.Entity<WebhookEvent>().HasIndex(x => x.IdempotencyKey).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        builder.Entity<WebhookEvent>().HasIndex(x => x.EmailHash).HasFilter("\"EmailHash\" IS NOT NULL");
    }
}
