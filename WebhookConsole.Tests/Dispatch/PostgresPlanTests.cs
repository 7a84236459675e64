using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using WebhookConsole.Dispatch;
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
