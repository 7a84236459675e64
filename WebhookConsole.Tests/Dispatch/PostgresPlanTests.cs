using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using WebhookConsole.Backfill;
using WebhookConsole.Data;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// What the PostgreSQL server does with the dispatcher's hot statements: the batched outcome and renewal statements keep
/// one generic plan instead of being planned on every run, and the due sweep's indexes hold only the rows it looks for.
/// </summary>
[Trait("Lane", "Postgres")]
public partial class PostgresPlanTests : IAsyncLifetime
{
    private ConsoleFactory factory = new();

    public async Task InitializeAsync()
    {
        factory = await new ConsoleFactory().With("Delivery:Enabled", "false").OnPostgresAsync();
        _ = factory.Server; // applies every migration
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [GeneratedRegex(@"@p(\d+)")]
    private static partial Regex Parameter();

    /// <summary>
    /// Prepared as Npgsql prepares it, run more often than PostgreSQL's five custom plans, with groups as small as most are:
    /// the plan then used leaves the node's name a parameter ("$N"), which only a generic plan does; a plan made for the
    /// values at hand names the value itself.
    /// </summary>
    [Theory]
    [InlineData(nameof(DispatchSql.RecordOutcomesPostgres), 9, "ARRAY['{0}-1','{0}-2']::text[], ARRAY['succeeded','succeeded'], ARRAY[1,1], ARRAY[200,200], ARRAY[NULL,NULL]::text[], ARRAY[NULL,NULL]::timestamptz[], ARRAY[now(),now()], ARRAY[now(),now()], 'node-x', '{{}}', '{{}}', '{{}}', '{{}}', '{{}}', '{{}}', '{{}}', '{{}}', '{{}}'")]
    [InlineData(nameof(DispatchSql.RenewManyPostgres), 4, "ARRAY['{0}-1','{0}-2']::text[], ARRAY[now(),now()], ARRAY[now(),now()], 'node-x'")]
    public async Task A_batched_claim_statement_is_planned_once_not_on_every_run(string statement, int ownerParameter, string arguments)
    {
        var sql = (string)typeof(DispatchSql).GetField(statement)!.GetValue(null)!;
        await using var connection = new NpgsqlConnection(factory.PostgresConnectionString);
        await connection.OpenAsync();
        // Enough claimed rows that a primary-key lookup per outcome is what any plan does, and statistics that say so.
        await Run(connection, """
            INSERT INTO "Deliveries" ("Id", "EventId", "EventType", "IntegrationId", "Status", "AttemptCount", "CreatedAt", "UpdatedAt",
                "MessageId", "Payload", "LeaseOwner", "LeaseUntil")
            SELECT 'dlv-' || i, 'evt-' || i, 'loyalty.points_earned', 'int-1', 'sending', 0, now(), now(), 'msg-' || i, '\x00'::bytea, 'node-x', now()
            FROM generate_series(1, 20000) AS i;
            ANALYZE "Deliveries";
            """);
        await Run(connection, "PREPARE batched AS " + Parameter().Replace(sql, m => "$" + (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1)));
        for (var i = 0; i < 8; i++) await Run(connection, $"EXECUTE batched({string.Format(CultureInfo.InvariantCulture, arguments, "run" + i)})");

        var plan = await Explain(connection, $"EXPLAIN EXECUTE batched({string.Format(CultureInfo.InvariantCulture, arguments, "explained")})");

        Assert.Contains("Index Scan using \"PK_Deliveries\"", plan);
        Assert.Contains($"${ownerParameter}", plan);
        Assert.DoesNotContain("'node-x'", plan);
    }

    [Fact]
    public async Task The_due_sweeps_indexes_hold_only_waiting_and_claimed_deliveries()
    {
        await using var connection = new NpgsqlConnection(factory.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'Deliveries' AND indexname IN ('IX_Deliveries_Status_NextAttemptAt', 'IX_Deliveries_Status_LeaseUntil')""",
            connection);
        var definitions = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) definitions[reader.GetString(0)] = reader.GetString(1);

        Assert.Matches(@"WHERE .*""Status"".*'scheduled'.*'pending'.*'retrying'", definitions["IX_Deliveries_Status_NextAttemptAt"]);
        Assert.DoesNotContain("'sending'", definitions["IX_Deliveries_Status_NextAttemptAt"]);
        Assert.Matches(@"WHERE .*""Status"".* = 'sending'", definitions["IX_Deliveries_Status_LeaseUntil"]);
    }

    /// <summary>
    /// There is no index on CreatedAt: on a table of three months, a week's hourly counts, a creation-time range, a status's
    /// count since a time, retention's walk and a backfill's progress each read an index (the covering (Status, Id,
    /// CreatedAt, …) one over the id range, or for every status at once the same id range of the primary key; for the
    /// backfill, (IntegrationId, Id) or the primary key), never the whole table.
    /// </summary>
    [Theory]
    [InlineData("hourly", "IX_Deliveries_Status_Id_CreatedAt_IntegrationId|PK_Deliveries")]
    [InlineData("created-in", "IX_Deliveries_Status_Id_CreatedAt_IntegrationId|PK_Deliveries")]
    [InlineData("created-since", "IX_Deliveries_Status_Id_CreatedAt_IntegrationId")]
    [InlineData("retention", "IX_Deliveries_Status_Id_CreatedAt_IntegrationId")]
    [InlineData("backfill", "IX_Deliveries_IntegrationId_Id|PK_Deliveries")]
    public async Task Creation_time_ranges_seek_an_index(string name, string index)
    {
        await using var connection = new NpgsqlConnection(factory.PostgresConnectionString);
        await connection.OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await SeedAsync(connection, now, 20_000, TimeSpan.FromDays(90));
        await using var db = factory.NewDb();
        var sql = name switch
        {
            "hourly" => DeliveryQueries.HourlyCountsPostgres.Replace("{0}", Literal(now.AddDays(-7)), StringComparison.Ordinal).Replace("{1}", Literal(now), StringComparison.Ordinal)
                .Replace("{2}", $"'{DeliveryQueries.IdFloor(now.AddDays(-7))}'", StringComparison.Ordinal).Replace("{3}", $"'{DeliveryQueries.IdCeiling(now)}'", StringComparison.Ordinal),
            "created-in" => WithLiterals(DeliveryQueries.CreatedIn(db, now.AddDays(-7), now).ToQueryString()),
            "created-since" => WithLiterals(DeliveryQueries.CreatedSince(db, DeliveryStatus.Succeeded, now.AddDays(-1)).Select(d => d.Id).ToQueryString()),
            "retention" => WithLiterals(RetentionService.PayloadsBefore(db, DeliveryStatus.Succeeded, now.AddDays(-80), "int-1", "dlv_0").Take(500).Select(d => d.Id).ToQueryString()),
            _ => WithLiterals(BackfillService.DeliveriesSince(db, "int-1", now.AddDays(-1)).ToQueryString()),
        };

        var plan = await Explain(connection, "EXPLAIN " + sql);

        Assert.Matches($@"Index (Only )?Scan (using|on) ""({index})""", plan);
        Assert.DoesNotContain("Seq Scan on \"Deliveries\"", plan);
    }

    /// <summary>
    /// A search reads an index per column it compares: a webhook-id derived from its delivery's id by primary key, the
    /// others (replays, rows stored before) in the MessageId index, which holds only those rows.
    /// </summary>
    [Fact]
    public async Task A_search_seeks_the_primary_key_and_the_partial_webhook_id_index()
    {
        await using var connection = new NpgsqlConnection(factory.PostgresConnectionString);
        await connection.OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await SeedAsync(connection, now, 20_000, TimeSpan.FromDays(90));
        await using var db = factory.NewDb();
        var filter = new DeliveryFilter { Search = DeliveryMessageIds.For(Ids.MinAt("dlv", now.AddDays(-3))) };
        var sql = WithLiterals(DeliveryQueries.Apply(db, filter).OrderByDescending(d => d.Id).Take(51).ToQueryString());

        var plan = await Explain(connection, "EXPLAIN " + sql);

        Assert.Matches(@"Index Scan on ""IX_Deliveries_MessageId""", plan);
        Assert.Matches(@"Index Scan on ""PK_Deliveries""", plan);
        Assert.DoesNotContain("Seq Scan on \"Deliveries\"", plan);
        var definition = await Explain(connection, "SELECT indexdef FROM pg_indexes WHERE indexname = 'IX_Deliveries_MessageId'");
        Assert.Matches(@"WHERE .*""MessageId"".*<>.*'msg'.*substr.*""Id""", definition);
    }

    /// <summary>
    /// The events' idempotency-key and email-hash indexes hold only the rows that have one (PostgreSQL enters NULLs in a
    /// b-tree too, and most events carry neither), yet ingest's key lookup and the erasure's hash lookup still seek them with
    /// the generic plan a prepared statement keeps, and two events cannot share a key.
    /// </summary>
    [Fact]
    public async Task Optional_event_keys_are_indexed_only_where_set_and_their_lookups_still_seek_them()
    {
        await using var connection = new NpgsqlConnection(factory.PostgresConnectionString);
        await connection.OpenAsync();
        await Run(connection, """
            INSERT INTO "Events" ("Id", "Type", "OccurredAt", "ReceivedAt", "Data", "IdempotencyKey", "EmailHash")
            SELECT 'evt_' || lpad(n::text, 8, '0'), 'loyalty.points_earned', now(), now(), '{}',
                CASE WHEN n % 10 = 0 THEN 'key-' || n END, CASE WHEN n % 4 = 0 THEN md5(n::text) END
            FROM generate_series(1, 20000) AS n
            """);
        await Run(connection, "VACUUM ANALYZE \"Events\"");

        var definitions = await Explain(connection, "SELECT string_agg(indexdef, E'\\n') FROM pg_indexes WHERE indexname IN ('IX_Events_IdempotencyKey', 'IX_Events_EmailHash')");
        Assert.Matches(@"UNIQUE INDEX ""IX_Events_IdempotencyKey"" .* WHERE \(""IdempotencyKey"" IS NOT NULL\)", definitions);
        Assert.Matches(@"INDEX ""IX_Events_EmailHash"" .* WHERE \(""EmailHash"" IS NOT NULL\)", definitions);

        // As ingest (IngestService) and the erasure matcher ask, with parameters and the generic plan.
        await Run(connection, "SET plan_cache_mode = force_generic_plan");
        await Run(connection, """PREPARE known(text[]) AS SELECT e."IdempotencyKey", e."Id", e."Type" FROM "Events" AS e WHERE e."IdempotencyKey" IS NOT NULL AND e."IdempotencyKey" = ANY ($1)""");
        await Run(connection, """PREPARE matched(text) AS SELECT e."Id", e."Type", e."SubjectId" FROM "Events" AS e WHERE e."EmailHash" = $1""");
        Assert.Matches(@"Index (Only )?Scan using ""IX_Events_IdempotencyKey""", await Explain(connection, "EXPLAIN EXECUTE known(ARRAY['key-10', 'key-20'])"));
        Assert.Matches(@"(Index|Bitmap Index) Scan (using|on) ""IX_Events_EmailHash""", await Explain(connection, "EXPLAIN EXECUTE matched(md5('8'))"));

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => Run(connection,
            """INSERT INTO "Events" ("Id", "Type", "OccurredAt", "ReceivedAt", "Data", "IdempotencyKey") VALUES ('evt_dup', 'loyalty.points_earned', now(), now(), '{}', 'key-10')"""));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
    }

    /// <summary>
    /// Rows spread evenly over <paramref name="span"/> up to <paramref name="now"/>, with time-ordered ids, every status,
    /// ten integrations and message ids of the delivery's own suffix, analysed and vacuumed (so index-only scans are possible).
    /// </summary>
    private static async Task SeedAsync(NpgsqlConnection connection, DateTimeOffset now, int rows, TimeSpan span)
    {
        var created = Enumerable.Range(0, rows).Select(i => now - span * i / rows).ToArray();
        var ids = created.Select(t => Ids.MinAt("dlv", t)).ToArray();
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO "Deliveries" ("Id", "EventId", "EventType", "IntegrationId", "SubjectId", "Status", "AttemptCount", "CreatedAt", "UpdatedAt",
                "MessageId", "Payload", "Backfill")
            SELECT id, 'evt' || substr(id, 4), 'loyalty.points_earned', 'int-' || (n % 10), 'mbr-' || (n % 500), (@statuses)[1 + (n % cardinality(@statuses))::int],
                1, at, at, 'msg' || substr(id, 4), '\x00'::bytea, n % 3 = 0
            FROM unnest(@ids, @created) WITH ORDINALITY AS r(id, at, n)
            """, connection))
        {
            insert.Parameters.AddWithValue("ids", ids);
            insert.Parameters.AddWithValue("created", created);
            insert.Parameters.AddWithValue("statuses", DeliveryStatuses.AllNames.ToArray());
            await insert.ExecuteNonQueryAsync();
        }
        await Run(connection, "VACUUM ANALYZE \"Deliveries\"");
    }

    private static string Literal(DateTimeOffset at) => $"'{at.UtcDateTime:O}'::timestamptz";

    /// <summary>EF's <c>ToQueryString</c> on PostgreSQL with its parameters (given as <c>-- @name='value'</c> lines) put in as literals.</summary>
    private static string WithLiterals(string text)
    {
        var values = ParameterLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var sql = ParameterLine().Replace(text, "").Trim();
        return Regex.Replace(sql, @"@\w+", m => values.TryGetValue(m.Value, out var v) ? v : m.Value);
    }

    [GeneratedRegex(@"^-- (@\w+)=('(?:[^']|'')*')[^\n]*$", RegexOptions.Multiline)]
    private static partial Regex ParameterLine();

    private static async Task Run(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> Explain(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
