using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Backfill;
using WebhookConsole.Identity;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Backfill;

/// <summary>What a backfill picks and refuses; deliveries are recorded, not sent.</summary>
[Trait("Lane", "Integration")]
public class BackfillRulesTests : IAsyncLifetime
{
    private readonly IngestFactory factory = new(fakeTime: false, recordQueue: true);
    private HttpClient api = default!;
    private DateTimeOffset from;

    /// <summary>SQLite here; the subclass runs the same on PostgreSQL.</summary>
    protected virtual Task OnProviderAsync(ConsoleFactory app) => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await OnProviderAsync(factory);
        api = factory.ApiClient();
        await factory.SeedSourcesAsync();
        from = DateTimeOffset.UtcNow.AddMinutes(-5);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Limit_keeps_the_newest_and_types_narrow_the_selection()
    {
        await factory.AddIntegrationAsync("int_new", IntegrationKind.Loyalty);
        for (var i = 0; i < 5; i++) await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", $"mem-{i}"));
        await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.level_changed", "mem-l"));
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_new");

        Assert.Equal(6, await CountAsync("int_new", new { from, dryRun = true }));
        Assert.Equal(1, await CountAsync("int_new", new { from, eventTypes = new[] { "loyalty.level_changed" }, dryRun = true }));
        Assert.Equal(3, await CountAsync("int_new", new { from, eventTypes = new[] { "loyalty.points_earned" }, limit = 3 }));

        var events = await EventIdsAsync("loyalty.points_earned");
        var created = await WaitForBackfillsAsync(3);
        Assert.Equal(events.TakeLast(3), created.Select(d => d.EventId));
        // Oldest first, one every 1/rate seconds (Replay:MaxPerSecondPerIntegration, 10 by default).
        Assert.Equal(created.Select(d => d.EventId), created.OrderBy(d => d.NextAttemptAt).Select(d => d.EventId));
        var gaps = created.Zip(created.Skip(1), (a, b) => b.NextAttemptAt!.Value - a.NextAttemptAt!.Value);
        Assert.All(gaps, g => Assert.InRange(g.TotalMilliseconds, 99, 101));
    }

    [Fact]
    public async Task A_start_counts_only_for_an_integration_that_sends_incompletes_and_only_while_never_completed()
    {
        var started = new { id = "p-open", startedAt = EventParser.Format(DateTimeOffset.UtcNow.AddMinutes(-2)) };
        await factory.PostEventAsync(api, IngestFactory.Participation(EventTypes.ParticipationStarted, "p-open", data: started));
        await factory.PostEventAsync(api, IngestFactory.Participation(EventTypes.ParticipationStarted, "p-done"));
        await factory.PostEventAsync(api, IngestFactory.Participation(EventTypes.ParticipationCompleted, "p-done"));
        // Another website, which no rule routes to them.
        await factory.PostEventAsync(api, IngestFactory.Participation(EventTypes.ParticipationCompleted, "p-other", campaignId: "cmp-3"));

        await factory.AddIntegrationAsync("int_plain", websiteId: "web-1");
        await factory.AddIntegrationAsync("int_incomplete", websiteId: "web-1", configure: i => { i.IncompleteSend = true; i.IncompleteDelaySeconds = 60; });
        await factory.AddRuleAsync("website", "web-1", [.. EventTypes.Participation], "int_plain", "int_incomplete");

        Assert.Equal(1, await CountAsync("int_plain", new { from, dryRun = true }));
        Assert.Equal(2, await CountAsync("int_incomplete", new { from }));
        var created = await WaitForBackfillsAsync(2);
        var incomplete = created.Single(d => d.EventType == EventTypes.ParticipationStarted);
        Assert.Contains("INCOMPLETE", System.Text.Encoding.UTF8.GetString(incomplete.Payload));
        Assert.Equal("p-open", incomplete.SubjectId);
    }

    [Fact]
    public async Task A_retried_job_and_two_jobs_at_once_send_each_event_once()
    {
        await factory.AddIntegrationAsync("int_new", IntegrationKind.Loyalty);
        for (var i = 0; i < 30; i++) await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", $"mem-{i}"));
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_new");

        var window = new BackfillWindow("int_new", from, DateTimeOffset.UtcNow, EventTypes.Loyalty, 1000);
        var job = () => factory.Services.GetRequiredService<BackfillJob>().RunAsync(window, "test", null);
        var together = await Task.WhenAll(job(), job(), job());
        Assert.Equal(30, together.Sum());
        Assert.Equal(0, await job()); // a retry after it finished
        await using var db = factory.NewDb();
        var perEvent = await db.Deliveries.Where(d => d.IntegrationId == "int_new").GroupBy(d => d.EventId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(30, perEvent.Count);
        Assert.All(perEvent, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_participation_gets_one_INCOMPLETE_at_most()
    {
        // Reported twice, never completed, before the integration existed: one INCOMPLETE, for the latest report.
        var first = new { id = "p-twice", startedAt = EventParser.Format(DateTimeOffset.UtcNow.AddMinutes(-3)) };
        await factory.PostEventAsync(api, IngestFactory.Participation(EventTypes.ParticipationStarted, "p-twice", data: first));
        await factory.PostEventAsync(api, IngestFactory.Participation(EventTypes.ParticipationStarted, "p-twice", data: first));
        await factory.AddIntegrationAsync("int_new", websiteId: "web-1", configure: i => { i.IncompleteSend = true; i.IncompleteDelaySeconds = 60; });
        await factory.AddRuleAsync("website", "web-1", [.. EventTypes.Participation], "int_new");
        // Ingested after the rule: its INCOMPLETE is already planned by ingest, so a backfill leaves this participation alone.
        await factory.PostEventAsync(api, IngestFactory.Participation(EventTypes.ParticipationStarted, "p-live"));

        Assert.Equal(1, await CountAsync("int_new", new { from }));
        var created = await WaitForBackfillsAsync(1);
        Assert.Equal("p-twice", created[0].SubjectId);
        Assert.Equal((await EventIdsAsync(EventTypes.ParticipationStarted))[1], created[0].EventId);
    }

    [Fact]
    public async Task A_rerun_of_a_job_never_reaches_past_what_its_request_counted()
    {
        await factory.AddIntegrationAsync("int_new", IntegrationKind.Loyalty);
        for (var i = 0; i < 6; i++) await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", $"mem-{i}"));
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_new");
        var events = await EventIdsAsync("loyalty.points_earned");

        // The newest three, pinned to the oldest of them as the service queues it.
        var pinned = new BackfillWindow("int_new", from, DateTimeOffset.UtcNow, EventTypes.Loyalty, 3, OldestEventId: events[3]);
        var job = () => factory.Services.GetRequiredService<BackfillJob>().RunAsync(pinned, "test", null);
        Assert.Equal(3, await job());
        Assert.Equal(0, await job()); // a Hangfire retry after the first run got through
        await using var db = factory.NewDb();
        Assert.Equal(events.TakeLast(3), await db.Deliveries.Where(d => d.Backfill).OrderBy(d => d.EventId).Select(d => d.EventId).ToListAsync());
    }

    [Fact]
    public async Task A_rerun_paces_after_the_deliveries_still_waiting_so_together_they_keep_the_rate()
    {
        await factory.AddIntegrationAsync("int_new", IntegrationKind.Loyalty);
        for (var i = 0; i < 6; i++) await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", $"mem-{i}"));
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_new");
        var events = await EventIdsAsync("loyalty.points_earned");

        // A first run that got through the newest three, then the rerun that finds the other three (nothing is sent here).
        var first = new BackfillWindow("int_new", from, DateTimeOffset.UtcNow, EventTypes.Loyalty, 3, OldestEventId: events[3]);
        Assert.Equal(3, await factory.Services.GetRequiredService<BackfillJob>().RunAsync(first, "test", null));
        var rerun = first with { OldestEventId = events[0], Limit = 6 };
        Assert.Equal(3, await factory.Services.GetRequiredService<BackfillJob>().RunAsync(rerun, "test", null));

        await using var db = factory.NewDb();
        var due = await db.Deliveries.Where(d => d.Backfill).Select(d => new { d.EventId, d.NextAttemptAt }).ToListAsync();
        var firstLast = due.Where(d => events.Skip(3).Contains(d.EventId)).Max(d => d.NextAttemptAt!.Value);
        var rerunFirst = due.Where(d => events.Take(3).Contains(d.EventId)).Min(d => d.NextAttemptAt!.Value);
        Assert.True(rerunFirst - firstLast >= TimeSpan.FromMilliseconds(99), $"the rerun starts {(rerunFirst - firstLast).TotalMilliseconds} ms after the first run's last slot");
    }

    [Fact]
    public async Task A_second_backfill_waits_for_the_running_one()
    {
        await factory.AddIntegrationAsync("int_new", IntegrationKind.Loyalty);
        await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned"));
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_new");
        // A backfill whose job has not finished (scheduled an hour ahead here), as the request records it.
        var jobId = factory.Services.GetRequiredService<Hangfire.IBackgroundJobClient>().Schedule(() => Console.WriteLine("running"), TimeSpan.FromHours(1));
        await using (var db = factory.NewDb())
        {
            factory.Services.GetRequiredService<WebhookConsole.Audit.AuditLog>().Add(db, "test", BackfillService.RequestedAction, IntegrationService.EntityType, "int_new", null,
                new { requestedAt = DateTimeOffset.UtcNow, from, to = DateTimeOffset.UtcNow, count = 5, jobId });
            await db.SaveChangesAsync();
        }

        await ExpectAsync("int_new", new { from }, HttpStatusCode.Conflict, "still running");
        Assert.Equal(1, await CountAsync("int_new", new { from, dryRun = true })); // counting is always allowed
        var status = await api.GetFromJsonAsync<JsonElement>("/api/v1/integrations/int_new/backfill");
        Assert.False(status.GetProperty("jobDone").GetBoolean());
        Assert.False(status.GetProperty("finished").GetBoolean());

        factory.Services.GetRequiredService<Hangfire.IBackgroundJobClient>().Delete(jobId);
        Assert.Equal(1, await CountAsync("int_new", new { from }));
    }

    [Fact]
    public async Task Of_two_backfills_requested_at_once_only_one_is_accepted()
    {
        string[] integrations = ["int_c0", "int_c1", "int_c2", "int_c3", "int_c4"];
        foreach (var id in integrations) await factory.AddIntegrationAsync(id, IntegrationKind.Loyalty);
        for (var i = 0; i < 20; i++) await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned", $"mem-{i}"));
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], integrations);

        foreach (var id in integrations)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => api.PostAsJsonAsync($"/api/v1/integrations/{id}/backfill", new { from })));
            var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
            var outcome = string.Join(" | ", responses.Select((r, i) => $"{(int)r.StatusCode} {bodies[i]}"));
            var queued = responses.Where((r, i) => r.StatusCode == HttpStatusCode.Accepted && JsonDocument.Parse(bodies[i]).RootElement.GetProperty("jobId").ValueKind == JsonValueKind.String).ToList();
            Assert.True(queued.Count == 1, $"{id}: exactly one backfill must be queued: {outcome}");
            // The other waits for the running one; were it already done, it finds nothing left to send.
            var other = responses.Single(r => !queued.Contains(r));
            var otherBody = bodies[Array.IndexOf(responses, other)];
            Assert.True(other.StatusCode == HttpStatusCode.Conflict && otherBody.Contains("still running")
                        || other.StatusCode == HttpStatusCode.Accepted && JsonDocument.Parse(otherBody).RootElement.GetProperty("count").GetInt32() == 0, outcome);
            await using var db = factory.NewDb();
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityId == id && a.Action == BackfillService.RequestedAction));
        }
    }

    [Fact]
    public async Task Bad_requests_get_a_clear_error_and_change_nothing()
    {
        await factory.AddIntegrationAsync("int_new", IntegrationKind.Loyalty);
        await factory.AddIntegrationAsync("int_off", IntegrationKind.Loyalty, active: false);
        await factory.PostEventAsync(api, IngestFactory.Loyalty("loyalty.points_earned"));
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_new", "int_off");

        await ExpectAsync("int_new", new { }, HttpStatusCode.BadRequest, "'from' is required");
        await ExpectAsync("int_new", new { from = DateTimeOffset.UtcNow.AddMinutes(1) }, HttpStatusCode.BadRequest, "must lie in the past");
        await ExpectAsync("int_new", new { from = DateTimeOffset.UtcNow.AddDays(-400) }, HttpStatusCode.BadRequest, "reaches back at most");
        await ExpectAsync("int_new", new { from, to = from.AddMinutes(-1) }, HttpStatusCode.BadRequest, "'to' must be later");
        await ExpectAsync("int_new", new { from, limit = 0 }, HttpStatusCode.BadRequest, "'limit' must be between");
        await ExpectAsync("int_new", new { from, eventTypes = new[] { EventTypes.ParticipationCompleted } }, HttpStatusCode.BadRequest, "receives only");
        await ExpectAsync("int_off", new { from }, HttpStatusCode.Conflict, "is inactive");
        await ExpectAsync("int_nope", new { from }, HttpStatusCode.NotFound, "does not exist");
        var support = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Support));
        Assert.Equal(HttpStatusCode.Forbidden, (await support.PostAsJsonAsync("/api/v1/integrations/int_new/backfill", new { from })).StatusCode);

        await using var db = factory.NewDb();
        Assert.False(await db.Deliveries.AnyAsync(d => d.Backfill));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == BackfillService.RequestedAction));
        Assert.Equal(HttpStatusCode.NoContent, (await api.GetAsync("/api/v1/integrations/int_new/backfill")).StatusCode);
    }

    private async Task ExpectAsync(string integrationId, object body, HttpStatusCode status, string message)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/integrations/{integrationId}/backfill", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{status} expected, got {(int)response.StatusCode}: {text}");
        Assert.Contains(message, text);
    }

    private async Task<int> CountAsync(string integrationId, object body)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/integrations/{integrationId}/backfill", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32();
    }

    private async Task<List<string>> EventIdsAsync(string type)
    {
        await using var db = factory.NewDb();
        return await db.Events.AsNoTracking().Where(e => e.Type == type).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync();
    }

    /// <summary>The backfill's Hangfire job runs in the background: its deliveries, by event id.</summary>
    private async Task<List<Delivery>> WaitForBackfillsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = factory.NewDb();
            var found = await db.Deliveries.AsNoTracking().Where(d => d.Backfill).OrderBy(d => d.EventId).ToListAsync();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.Equal(count, found.Count);
                return found;
            }
            await Task.Delay(100);
        }
    }
}

/// <summary>The same on PostgreSQL, where concurrent jobs are kept apart by an advisory lock instead of SQLite's single writer.</summary>
[Trait("Lane", "Postgres")]
public class BackfillRulesOnPostgresTests : BackfillRulesTests
{
    protected override Task OnProviderAsync(ConsoleFactory app) => app.OnPostgresAsync();
}
