using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using WebhookConsole.Data;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Sources;

namespace WebhookConsole.Tests.Data;

/// <summary>
/// The hot-path writes are hand-written SQL, not EF: these keep them in step with the EF model, so a column added to
/// an entity cannot be silently left out of (or misnamed in) the statements that write it.
/// </summary>
[Trait("Lane", "Unit")]
public partial class PlainSqlMatchesModelTests
{
    private readonly IModel model = new DesignTimeDbContextFactory().CreateDbContext([]).Model;

    [GeneratedRegex("""INSERT INTO "(\w+)" \(([^)]*)\)\s*VALUES \(([^)]*)\)""")]
    private static partial Regex Insert();

    [GeneratedRegex("\"(\\w+)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex("'(\\w+)'")]
    private static partial Regex Literal();

    private (string Table, IReadOnlyList<string> Columns) Mapped<T>(bool withGeneratedKey)
    {
        var entity = model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!);
        var columns = entity.GetProperties()
            .Where(p => withGeneratedKey || p.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never)
            .Select(p => p.GetColumnName(table)!)
            .Order().ToList();
        return (entity.GetTableName()!, columns);
    }

    private static void AssertInsertsEvery(string sql, (string Table, IReadOnlyList<string> Columns) mapped)
    {
        var match = Insert().Match(sql);
        Assert.True(match.Success, "not an INSERT … VALUES statement: " + sql);
        Assert.Equal(mapped.Table, match.Groups[1].Value);
        var columns = Quoted().Matches(match.Groups[2].Value).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(mapped.Columns, columns.Order().ToList());
        // One positional parameter per column, in order.
        Assert.Equal(Enumerable.Range(0, columns.Count).Select(i => "@p" + i), match.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Ingest_inserts_every_column_of_events_and_deliveries()
    {
        AssertInsertsEvery(IngestSql.InsertEventSql, Mapped<WebhookEvent>(withGeneratedKey: true));
        AssertInsertsEvery(DeliveryOutbox.InsertSql, Mapped<Delivery>(withGeneratedKey: true));
    }

    [Fact]
    public void The_dispatcher_inserts_every_column_of_an_attempt_but_its_generated_id()
    {
        var mapped = Mapped<Attempt>(withGeneratedKey: false);
        Assert.DoesNotContain("Id", mapped.Columns);
        AssertInsertsEvery(DispatchSql.InsertAttempt, mapped);
    }

    [Theory]
    [InlineData(nameof(DispatchSql.ClaimDue))]
    [InlineData(nameof(DispatchSql.Renew))]
    [InlineData(nameof(DispatchSql.RecordOutcome))]
    [InlineData(nameof(DispatchSql.ReleaseNode))]
    [InlineData(nameof(DispatchSql.RenewManyPostgres))]
    public void The_dispatchers_claim_statements_name_only_columns_of_deliveries(string statement)
    {
        var sql = (string)typeof(DispatchSql).GetField(statement)!.GetValue(null)!;
        var (table, columns) = Mapped<Delivery>(withGeneratedKey: true);
        Assert.StartsWith($"UPDATE \"{table}\" SET", sql);
        var named = Quoted().Matches(sql).Select(m => m.Groups[1].Value).Where(n => n != table).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, column => Assert.Contains(column, columns));
    }

    [Fact]
    public void The_outbox_and_ingest_updates_name_only_columns_of_deliveries()
    {
        var (table, columns) = Mapped<Delivery>(withGeneratedKey: true);
        foreach (var sql in new[] { DeliveryOutbox.SupersedeSql, IngestSql.RefreshSql })
        {
            Assert.StartsWith($"UPDATE \"{table}\" SET", sql);
            Assert.All(Quoted().Matches(sql).Select(m => m.Groups[1].Value).Where(n => n != table), column => Assert.Contains(column, columns));
        }
    }

    [GeneratedRegex("\\b(\\w)\\.\"(\\w+)\"")]
    private static partial Regex AliasedColumn();

    [Fact]
    public void The_integration_list_reads_only_mapped_columns_of_its_tables()
    {
        var tables = new Dictionary<string, (string Table, IReadOnlyList<string> Columns)>
        {
            ["i"] = Mapped<Integration>(withGeneratedKey: true),
            ["w"] = Mapped<Website>(withGeneratedKey: true),
            ["d"] = Mapped<Delivery>(withGeneratedKey: true),
            ["l"] = Mapped<Delivery>(withGeneratedKey: true),
        };
        var sql = IntegrationListSql.ListSql;
        foreach (var (alias, mapped) in tables) Assert.Contains($"\"{mapped.Table}\" {alias}", sql);
        var named = AliasedColumn().Matches(sql).Select(m => (Alias: m.Groups[1].Value, Column: m.Groups[2].Value)).ToList();
        Assert.True(named.Count > 20, "too few columns found in the statement");
        Assert.All(named, n => Assert.Contains(n.Column, tables[n.Alias].Columns));
    }

    [Fact]
    public void Raw_statements_name_only_delivery_statuses_and_the_waiting_list_is_the_one_the_code_uses()
    {
        Assert.Equal(DeliveryStatuses.Waiting.Select(s => s.Name()), Literal().Matches(DeliveryStatuses.WaitingSql).Select(m => m.Groups[1].Value));
        var statements = typeof(DispatchSql).GetFields().Where(f => f.IsStatic && f.FieldType == typeof(string)).Select(f => (string)f.GetValue(null)!)
            .Concat([DeliveryOutbox.SupersedeSql, IngestSql.RefreshSql]).ToList();
        var named = statements.SelectMany(sql => Literal().Matches(sql).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.Contains(DeliveryStatus.Superseded.Name(), named);
        Assert.All(named, status => Assert.Contains(status, DeliveryStatuses.AllNames));
    }
}
