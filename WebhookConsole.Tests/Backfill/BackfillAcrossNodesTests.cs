using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Backfill;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Backfill;

/// <summary>
/// Two nodes of one PostgreSQL cluster (one database, one shared job store) each get a backfill request for the same
/// integration at the same moment: only one is accepted, however the requests fall on the nodes.
/// </summary>
[Trait("Lane", "Postgres")]
public class BackfillAcrossNodesTests : IAsyncLifetime
{
    private readonly IngestFactory first = new(fakeTime: false, recordQueue: true);
    private readonly IngestFactory second = new(fakeTime: false, recordQueue: true);

    public async Task InitializeAsync()
    {
        await first.OnPostgresAsync();
        // The second node names the same database, key file and job store, as every node of a cluster does.
        first.With("Hangfire:Storage", "Postgres");
        second.With("Database:Provider", "Postgres").With("ConnectionStrings:Postgres", first.PostgresConnectionString)
            .With("DataProtection:KeyFile", first.DatabasePath + ".key").With("Hangfire:Storage", "Postgres");
        _ = first.Services;
        _ = second.Services;
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync(); // the first drops the database: after the second is gone
        await first.DisposeAsync();
    }

    [Fact]
    public async Task Of_two_backfills_requested_at_once_on_two_nodes_only_one_is_accepted()
    {
        var apis = new[] { first.ApiClient(), second.ApiClient() };
        await first.SeedSourcesAsync();
        string[] integrations = ["int_n0", "int_n1", "int_n2", "int_n3", "int_n4"];
        foreach (var id in integrations) await first.AddIntegrationAsync(id, IntegrationKind.Loyalty);
        for (var i = 0; i < 20; i++) await first.PostEventAsync(apis[0], IngestFactory.Loyalty("loyalty.points_earned", $"mem-{i}"));
        await first.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], integrations);
        var from = DateTimeOffset.UtcNow.AddMinutes(-5);

        foreach (var id in integrations)
        {
            var responses = await Task.WhenAll(apis.Select(api => api.PostAsJsonAsync($"/api/v1/integrations/{id}/backfill", new { from })));
            var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
            var outcome = string.Join(" | ", responses.Select((r, i) => $"node {i + 1}: {(int)r.StatusCode} {bodies[i]}"));
            var queued = Enumerable.Range(0, 2).Where(i => responses[i].StatusCode == HttpStatusCode.Accepted
                && JsonDocument.Parse(bodies[i]).RootElement.GetProperty("jobId").ValueKind == JsonValueKind.String).ToList();
            Assert.True(queued.Count == 1, $"{id}: exactly one backfill must be queued: {outcome}");
            var other = 1 - queued[0];
            // The other waited for the accepted one; were its job already done, it finds nothing left to send.
            Assert.True(responses[other].StatusCode == HttpStatusCode.Conflict && bodies[other].Contains("still running")
                        || responses[other].StatusCode == HttpStatusCode.Accepted && JsonDocument.Parse(bodies[other]).RootElement.GetProperty("count").GetInt32() == 0, outcome);
            await using var db = first.NewDb();
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityId == id && a.Action == BackfillService.RequestedAction));
        }
    }
}
