using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Data;

/// <summary>
/// The same model on PostgreSQL. A type of its own so its migrations (Data/Migrations/Postgres) are told apart from
/// SQLite's; everything else uses it as an <see cref="AppDbContext"/>.
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : AppDbContext(options);
