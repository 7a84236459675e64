using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest;

namespace WebhookConsole.Tests.Ingest;

/// <summary>
/// `participation.updated` (the participation so far) delivers nothing itself; an INCOMPLETE goes out with what was known
/// when it came due, not with what the start said. Driven by a fake clock.
/// </summary>
[Trait("Lane", "Integration")]
public class ParticipationUpdateTests : IAsyncLifetime
{
    private const string Started = "participation.started";
    private const string Updated = "participation.updated";
    private const string Completed = "participation.completed";
    private readonly IngestFactory factory = new();
    private HttpClient api = default!;

    public async Task InitializeAsync()
    {
        api = factory.ApiClient();
        await factory.SeedSourcesAsync();
        // No push rule: the account scope routes every participation event type here.
        await factory.AddIntegrationAsync("int_incomplete", configure: i => { i.IncompleteSend = true; i.IncompleteDelaySeconds = 3600; });
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<JsonElement> PostAsync(string type, object data, string? key = null)
    {
        var response = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation(type, "p-1", data: data, key: key));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await IngestFactory.JsonAsync(response);
    }

    private async Task<Delivery> IncompleteAsync()
    {
        await using var db = factory.NewDb();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.EventType == Started);
    }

    private static object Answered(string answer) => new
    {
        id = "p-1",
        questionnaire = new[] { new { id = 31, label = "Colour?", type = "MULTIPLE CHOICE", score = (int?)null, maxScore = (int?)null, variable = (string?)null, responses = new[] { new { value = answer } } } },
    };

    private static JsonElement Questionnaire(Delivery d) => JsonDocument.Parse(d.Payload).RootElement.GetProperty("questionnaire");

    [Fact]
    public async Task The_INCOMPLETE_carries_the_answers_of_updates_made_before_it_came_due()
    {
        var startedAt = factory.Time.GetUtcNow().AddTicks(-(factory.Time.GetUtcNow().Ticks % TimeSpan.TicksPerMillisecond));
        await PostAsync(Started, new { id = "p-1", startedAt = EventParser.Format(startedAt) });
        var scheduled = await IncompleteAsync();
        Assert.Equal(0, Questionnaire(scheduled).GetArrayLength());

        factory.Time.Advance(TimeSpan.FromMinutes(10));
        var update = await PostAsync(Updated, Answered("Blue"), key: "upd-1");
        // The update delivers nothing itself, and the same idempotency key answers with the same event.
        Assert.Equal(0, update.GetProperty("deliveries").GetArrayLength());
        Assert.Equal(update.GetProperty("id").GetString(), (await PostAsync(Updated, Answered("Blue"), key: "upd-1")).GetProperty("id").GetString());

        var refreshed = await IncompleteAsync();
        Assert.Equal((scheduled.Id, scheduled.MessageId, DeliveryStatus.Scheduled, scheduled.NextAttemptAt), (refreshed.Id, refreshed.MessageId, refreshed.Status, refreshed.NextAttemptAt));
        var payload = JsonDocument.Parse(refreshed.Payload).RootElement;
        Assert.Equal("INCOMPLETE", payload.GetProperty("state").GetString());
        Assert.Equal(EventParser.Format(startedAt), payload.GetProperty("startedAt").GetString()); // the update did not say: the start's
        Assert.Equal("Blue", Questionnaire(refreshed)[0].GetProperty("responses")[0].GetProperty("value").GetString());
        await using (var db = factory.NewDb()) Assert.Equal(1, await db.Deliveries.CountAsync());

        // Past the incomplete delay the delivery is due: a later update no longer changes what it sends.
        factory.Time.Advance(TimeSpan.FromMinutes(51));
        await PostAsync(Updated, Answered("Red"));
        Assert.Equal(refreshed.Payload, (await IncompleteAsync()).Payload);
    }

    [Fact]
    public async Task A_start_and_an_update_in_one_batch_schedule_the_INCOMPLETE_with_the_update()
    {
        var batch = new { events = new[] { IngestFactory.Participation(Started, "p-1", data: new { id = "p-1" }), IngestFactory.Participation(Updated, "p-1", data: Answered("Green")) } };
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/v1/events/batch", batch)).StatusCode);

        Assert.Equal("Green", Questionnaire(await IncompleteAsync())[0].GetProperty("responses")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task An_update_after_the_completion_changes_nothing()
    {
        await PostAsync(Started, new { id = "p-1" });
        await PostAsync(Completed, new { id = "p-1" });
        await using var before = factory.NewDb();
        var deliveries = await before.Deliveries.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Id, d.Payload }).ToListAsync();

        await PostAsync(Updated, Answered("Blue"));

        await using var after = factory.NewDb();
        Assert.Equal(deliveries.Select(d => (d.Id, Convert.ToBase64String(d.Payload))),
            (await after.Deliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync()).Select(d => (d.Id, Convert.ToBase64String(d.Payload))));
    }
}
