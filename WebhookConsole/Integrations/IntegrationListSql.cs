using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Data;

namespace WebhookConsole.Integrations;

/// <summary>
/// The integration list as one plain statement on the context's pooled connection: EF Core's per-query work (parameter
/// extraction, the query cache, materialization of a large projection) cost more than the query itself. None of these
/// columns is encrypted at rest, so no cipher is involved; a test keeps the column names in step with the EF model.
/// </summary>
internal static class IntegrationListSql
{
    /// <summary>
    /// Each integration with its website's name and its newest delivery: one seek on (IntegrationId, Id) per integration.
    /// Secrets are not read, only whether they are set.
    /// </summary>
    public const string ListSql = """
        SELECT i."Id", i."Name", i."Url", i."Active", i."Kind", i."WebsiteId", i."AuthHeaderName",
               i."AuthHeaderValueEncrypted" IS NOT NULL AND i."AuthHeaderValueEncrypted" <> '',
               i."SecretEncrypted" IS NOT NULL AND i."SecretEncrypted" <> '',
               i."PreviousSecretEncrypted" IS NOT NULL, i."PreviousSecretExpiresAt",
               i."PayloadVersion", i."DelaySeconds", i."SendAnswers", i."SendLeads", i."IncompleteSend", i."IncompleteDelaySeconds",
               i."PayloadRetentionDays", i."BlockedAt", i."CreatedAt", i."UpdatedAt", i."Version",
               w."Name", d."Id", d."Status", d."LastStatusCode", d."UpdatedAt"
        FROM "Integrations" i
        LEFT JOIN "Websites" w ON w."Id" = i."WebsiteId"
        LEFT JOIN "Deliveries" d ON d."Id" = (SELECT l."Id" FROM "Deliveries" l WHERE l."IntegrationId" = i."Id" ORDER BY l."Id" DESC LIMIT 1)
        """;

    /// <summary>A stored secret stands for itself in the list: only its presence is shown (masked).</summary>
    private const string Present = "set";

    public sealed record Row(Integration Integration, string? WebsiteName, LastDelivery? Last);

    /// <summary>On a pooled connection of the context (PostgreSQL; SQLite keeps its own, see <see cref="IntegrationListReaders"/>).</summary>
    public static async Task<List<Row>> ReadAsync(AppDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = ListSql;
            return await ReadAsync(command, postgres: db is PostgresDbContext, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static async Task<List<Row>> ReadAsync(DbCommand command, bool postgres, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<Row>();
        while (await reader.ReadAsync(ct))
        {
            var integration = new Integration
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                Url = reader.GetString(2),
                Active = reader.GetBoolean(3),
                Kind = reader.GetString(4),
                WebsiteId = Text(reader, 5),
                AuthHeaderName = Text(reader, 6),
                AuthHeaderValueEncrypted = reader.GetBoolean(7) ? Present : null,
                SecretEncrypted = reader.GetBoolean(8) ? Present : null,
                PreviousSecretEncrypted = reader.GetBoolean(9) ? Present : null,
                PreviousSecretExpiresAt = Stamp(reader, 10, postgres),
                PayloadVersion = reader.GetString(11),
                DelaySeconds = reader.GetInt32(12),
                SendAnswers = reader.GetBoolean(13),
                SendLeads = reader.GetBoolean(14),
                IncompleteSend = reader.GetBoolean(15),
                IncompleteDelaySeconds = reader.GetInt32(16),
                PayloadRetentionDays = reader.IsDBNull(17) ? null : reader.GetInt32(17),
                BlockedAt = Stamp(reader, 18, postgres),
                CreatedAt = Stamp(reader, 19, postgres)!.Value,
                UpdatedAt = Stamp(reader, 20, postgres)!.Value,
                Version = reader.GetInt32(21),
            };
            var last = reader.IsDBNull(23) ? null : new LastDelivery(reader.GetString(23), DeliveryStatuses.Parse(reader.GetString(24)),
                reader.IsDBNull(25) ? null : reader.GetInt32(25), Stamp(reader, 26, postgres)!.Value);
            rows.Add(new Row(integration, Text(reader, 22), last));
        }
        return rows;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Times as the model stores them: Unix milliseconds on SQLite, <c>timestamptz</c> on PostgreSQL.</summary>
    private static DateTimeOffset? Stamp(DbDataReader reader, int ordinal, bool postgres) =>
        reader.IsDBNull(ordinal) ? null
        : postgres ? reader.GetFieldValue<DateTimeOffset>(ordinal)
        : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
