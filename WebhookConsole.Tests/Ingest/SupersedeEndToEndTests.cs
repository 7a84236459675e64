using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Ingest;

/// <summary>
/// Poltio's incomplete participations with the real dispatcher and a real receiver: an INCOMPLETE participation that keeps failing is superseded
/// when the completion arrives, so the receiver ends on COMPLETED and never hears the INCOMPLETE again.
/// </summary>
[Trait("Lane", "Integration")]
public class SupersedeEndToEndTests : IAsyncLifetime
{
    private readonly IngestFactory factory = (IngestFactory)new IngestFactory(fakeTime: false, recordQueue: false)
        .With("Delivery:AllowPrivateNetworks", "true")
        .With("Delivery:RetrySchedule", "1s,1s,1s,1s,1s,1s,1s");
    private TestReceiver receiver = default!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        // The receiver refuses INCOMPLETE participations and takes everything else.
        receiver.Respond = (number, ctx) =>
        {
            ctx.Response.StatusCode = State(receiver.Requests.First(r => r.Number == number)) == "INCOMPLETE" ? 500 : 200;
            return Task.CompletedTask;
        };
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_crm", url: receiver.BaseUrl + "/crm", configure: i => { i.IncompleteSend = true; i.IncompleteDelaySeconds = 60; });
        await factory.AddRuleAsync("account", null, [.. EventTypes.Participation], "int_crm");
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private static string State(ReceivedRequest r) => JsonDocument.Parse(r.Body).RootElement.GetProperty("state").GetString()!;

    [Fact]
    public async Task A_failing_incomplete_is_superseded_and_the_receiver_ends_on_completed()
    {
        var api = factory.ApiClient();
        var started = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation(EventTypes.ParticipationStarted, "p-1",
            data: new { id = "p-1", startedAt = EventParser.Format(DateTimeOffset.UtcNow.AddMinutes(-5)) }));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("INCOMPLETE", State(await receiver.NextAsync(TimeSpan.FromSeconds(15), "the INCOMPLETE")));
        await WaitForAsync(d => d.Status == DeliveryStatus.Retrying);

        var completed = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation(EventTypes.ParticipationCompleted, "p-1"));
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);

        var incomplete = await WaitForAsync(d => d.EventType == EventTypes.ParticipationStarted && d.Status == DeliveryStatus.Superseded);
        await WaitForAsync(d => d.EventType == EventTypes.ParticipationCompleted && d.Status == DeliveryStatus.Succeeded);
        // Past its next retry time (1 s) a sweep leaves the superseded delivery alone: it is not attempted again.
        var attempts = incomplete.AttemptCount;
        await factory.SweepAfterAsync(incomplete.UpdatedAt + TimeSpan.FromSeconds(1.5));
        await using var db = factory.NewDb();
        var after = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == incomplete.Id);
        Assert.Equal((DeliveryStatus.Superseded, attempts), (after.Status, after.AttemptCount));
        Assert.Equal(attempts, await db.Attempts.CountAsync(a => a.DeliveryId == incomplete.Id));
        Assert.Equal("COMPLETED", State(receiver.Requests.Last()));
    }

    private async Task<Delivery> WaitForAsync(Func<Delivery, bool> condition)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var db = factory.NewDb();
            var match = (await db.Deliveries.AsNoTracking().ToListAsync()).FirstOrDefault(condition);
            if (match is not null) return match;
            Assert.True(DateTimeOffset.UtcNow < until, "timed out waiting for a delivery");
            await Task.Delay(100);
        }
    }
}
