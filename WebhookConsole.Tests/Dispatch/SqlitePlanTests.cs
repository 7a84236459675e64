using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Backfill;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// What SQLite does with the due sweep's statements and the event logs' filters on the migrated schema: each finds its rows
/// through an index, never by reading the whole Deliveries table. The sweep's indexes are partial (only waiting, only
/// claimed rows), and SQLite uses a partial index only for a query that repeats its condition, so a statement that stops
/// naming the statuses would silently fall back to a scan.
/// </summary>
[Trait("Lane", "Integration")]
public partial class SqlitePlanTests : IAsyncLifetime
{
    private ConsoleFactory factory = new();

    public Task InitializeAsync()
    {
        factory = factory.With("Delivery:Enabled", "false");
        _ = factory.Server; // applies every migration
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    /// <summary>A plan line that reads Deliveries (named or by EF's alias) row by row, or a whole index of it.</summary>
    [GeneratedRegex(@"\bSCAN (Deliveries|d|d\d)\b")]
    private static partial Regex ScanOfDeliveries();

    [GeneratedRegex(@"^\.param set (@\S+) (.*)$", RegexOptions.Multiline)]
    private static partial Regex ParamLine();

    [Theory]
    [InlineData(nameof(DispatchSql.ClaimDue), "IX_Deliveries_Status_NextAttemptAt", "IX_Deliveries_Status_LeaseUntil")]
    [InlineData(nameof(DispatchSql.NextDue), "IX_Deliveries_Status_NextAttemptAt", null)]
    public async Task The_due_sweep_seeks_its_partial_indexes(string statement, string waitingIndex, string? claimedIndex)
    {
        var sql = (string)typeof(DispatchSql).GetField(statement)!.GetValue(null)!;
        var parameters = Regex.Matches(sql, @"@p\d+").Select(m => m.Value).Distinct().ToDictionary(p => p, object? (_) => 1_700_000_000_000L);

        var plan = await ExplainAsync(sql, parameters);

        Assert.Matches($@"SEARCH Deliveries USING (COVERING )?INDEX {waitingIndex} \(Status=\? AND NextAttemptAt[<>]\?\)", plan);
        if (claimedIndex is not null) Assert.Matches($@"SEARCH Deliveries USING (COVERING )?INDEX {claimedIndex} \(Status=\? AND LeaseUntil<\?\)", plan);
        Assert.DoesNotMatch(ScanOfDeliveries(), plan);
    }

    public static TheoryData<string> Filters => ["status", "statuses", "integration", "event-type", "event-id", "search", "webhook-id", "range", "status-and-range"];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Every_event_log_filter_pages_through_an_index(string name)
    {
        var now = DateTimeOffset.UtcNow;
        var filter = name switch
        {
            "status" => new DeliveryFilter { Statuses = [DeliveryStatus.Failed] },
            "statuses" => new DeliveryFilter { Statuses = [DeliveryStatus.Failed, DeliveryStatus.Retrying] },
            "integration" => new DeliveryFilter { IntegrationId = "int_a" },
            "event-type" => new DeliveryFilter { EventType = "loyalty.points_earned" },
            "event-id" => new DeliveryFilter { EventId = "evt_1" },
            "search" => new DeliveryFilter { Search = "mbr-42" },
            "webhook-id" => new DeliveryFilter { Search = DeliveryMessageIds.For(WebhookConsole.Data.Ids.New("dlv")) },
            "range" => new DeliveryFilter { From = now.AddDays(-1), To = now },
            _ => new DeliveryFilter { Statuses = [DeliveryStatus.Succeeded], From = now.AddDays(-1) },
        };
        await using var db = factory.NewDb();
        var page = DeliveryQueries.Apply(db, filter).OrderByDescending(d => d.Id).Take(51);
        var (sql, parameters) = Parse(page.ToQueryString());

        var plan = await ExplainAsync(sql, parameters);

        Assert.Contains("SEARCH d USING", plan);
        Assert.DoesNotMatch(ScanOfDeliveries(), plan);
        // One column's filter pages in index order; several statuses, or a search across columns, sort the few rows they find.
        if (name is "status" or "integration" or "event-type" or "range") Assert.DoesNotContain("USE TEMP B-TREE FOR ORDER BY", plan);
        // The MessageId index holds only webhook-ids not derived from their delivery's id; the search repeats its condition.
        if (name is "search" or "webhook-id") Assert.Contains("INDEX IX_Deliveries_MessageId (MessageId=?)", plan);
    }

    /// <summary>
    /// There is no index on CreatedAt: the readers of a creation-time range name their statuses and bound the id as well
    /// (the covering (Status, Id, CreatedAt, …) index), or bound the id under another column (the (column, Id) indexes).
    /// The dashboard's counts and hourly counts and retention's walk read only entries of that index, no table row.
    /// </summary>
    [Theory]
    [InlineData("created-in", "INDEX IX_Deliveries_Status_Id_CreatedAt_IntegrationId \\(Status=\\? AND Id>\\? AND Id<\\?\\)")]
    [InlineData("created-since", "COVERING INDEX IX_Deliveries_Status_Id_CreatedAt_IntegrationId \\(Status=\\? AND Id>\\?\\)")]
    [InlineData("hourly", "COVERING INDEX IX_Deliveries_Status_Id_CreatedAt_IntegrationId \\(Status=\\? AND Id>\\? AND Id<\\?\\)")]
    [InlineData("retention", "INDEX IX_Deliveries_(Status|IntegrationId)_Id\\w* \\((Status|IntegrationId)=\\? AND Id>\\? AND Id<\\?\\)")]
    [InlineData("backfill", "INDEX IX_Deliveries_IntegrationId_Id \\(IntegrationId=\\? AND Id>\\?")]
    public async Task Creation_time_ranges_seek_an_index(string name, string search)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = factory.NewDb();
        var (sql, parameters) = name switch
        {
            "created-in" => Parse(DeliveryQueries.CreatedIn(db, now.AddDays(-7), now).ToQueryString()),
            "created-since" => Parse(DeliveryQueries.CreatedSince(db, DeliveryStatus.Succeeded, now.AddDays(-1)).Select(d => d.Id).ToQueryString()),
            "hourly" => (DeliveryQueries.HourlyCountsSqlite(now.AddDays(-7), now), new Dictionary<string, object?>()),
            "retention" => Parse(RetentionService.PayloadsBefore(db, DeliveryStatus.Succeeded, now.AddDays(-30), "int_a", "dlv_0").Take(500).ToQueryString()),
            _ => Parse(BackfillService.DeliveriesSince(db, "int_a", now.AddDays(-1)).ToQueryString()),
        };

        var plan = await ExplainAsync(sql, parameters);

        Assert.Matches($@"SEARCH d USING (COVERING )?{search}", plan);
        Assert.DoesNotMatch(ScanOfDeliveries(), plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

    /// <summary>The SQL of EF's <c>ToQueryString</c> on SQLite and its parameters (given as <c>.param set</c> lines).</summary>
    private static (string Sql, Dictionary<string, object?> Parameters) Parse(string text)
    {
        var parameters = new Dictionary<string, object?>();
        foreach (Match m in ParamLine().Matches(text))
        {
            var value = m.Groups[2].Value.Trim();
            parameters[m.Groups[1].Value] = value.StartsWith('\'')
                ? value[1..^1].Replace("''", "'", StringComparison.Ordinal)
                : long.Parse(value, CultureInfo.InvariantCulture);
        }
        return (ParamLine().Replace(text, "").Trim(), parameters);
    }

    private async Task<string> ExplainAsync(string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(3));
        return string.Join("\n", lines);
    }
}
