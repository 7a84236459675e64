using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>Replays and inactive integrations through the real API, the real dispatcher and a real receiver.</summary>
[Trait("Lane", "Process")]
public class ReplayAndSkipFlowTests : IAsyncLifetime
{
    private ConsoleFactory factory = new ConsoleFactory()
        .With("Delivery:AllowPrivateNetworks", "true")
        .With("Delivery:RetrySchedule", "3s,3s")
        .With("Delivery:Jitter", "0");
    private TestReceiver receiver = default!;
    private HttpClient api = default!;

    protected virtual Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => Task.FromResult(factory);

    public async Task InitializeAsync()
    {
        factory = await OnProviderAsync(factory);
        receiver = await TestReceiver.StartAsync();
        api = factory.ApiClient();
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private async Task<JsonElement> DeliveryOfAsync(string eventId)
    {
        for (var i = 0; i < 100; i++)
        {
            var page = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?eventId={eventId}");
            var items = page.GetProperty("items");
            if (items.GetArrayLength() > 0) return items[0];
            await Task.Delay(50);
        }
        throw new TimeoutException("no delivery for " + eventId);
    }

    private async Task<string> PostEventAsync(string program) =>
        (await AppProcess.PostOkAsync(api, "/api/v1/events", new
        {
            type = "loyalty.points_earned",
            source = new { programId = program },
            data = new { member = new { id = "mbr-1" }, points = 5 },
        })).GetProperty("id").GetString()!;

    [Fact]
    public async Task Replaying_a_retrying_delivery_supersedes_it_so_the_receiver_gets_exactly_one_more_request()
    {
        var fail = true;
        receiver.Respond = (_, ctx) => { ctx.Response.StatusCode = fail ? 500 : 200; return Task.CompletedTask; };
        var integrationId = await AppProcess.SetUpLoyaltyRouteAsync(api, "prg-replay", receiver.Url);
        var eventId = await PostEventAsync("prg-replay");
        await receiver.WaitForAsync(1);
        var original = await factory.WaitForStatusAsync((await DeliveryOfAsync(eventId)).GetProperty("id").GetString()!, DeliveryStatus.Retrying);
        fail = false;

        var response = await api.PostAsync($"/api/v1/deliveries/{original.Id}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var replayId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await factory.WaitForStatusAsync(replayId, DeliveryStatus.Succeeded);

        // Past the original's retry time (3 s after its attempt) a sweep leaves it alone: it was cancelled, not sent again.
        await factory.SweepAfterAsync(original.NextAttemptAt!.Value);
        Assert.Equal(2, receiver.Requests.Count);
        var superseded = await factory.WaitForStatusAsync(original.Id, DeliveryStatus.Superseded, TimeSpan.Zero);
        Assert.Null(superseded.NextAttemptAt);
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries/{original.Id}");
        Assert.Equal("superseded", detail.GetProperty("status").GetString());
        Assert.Equal(replayId, detail.GetProperty("replays")[0].GetProperty("id").GetString());
        Assert.Equal(integrationId, detail.GetProperty("integrationId").GetString());
    }

    [Fact]
    public async Task An_event_for_an_inactive_integration_is_kept_as_skipped_and_delivered_by_a_replay_after_reactivation()
    {
        var integrationId = await AppProcess.SetUpLoyaltyRouteAsync(api, "prg-skip", receiver.Url);
        using (var off = await api.PatchAsJsonAsync($"/api/v1/integrations/{integrationId}", new { active = false }))
            Assert.True(off.IsSuccessStatusCode, await off.Content.ReadAsStringAsync());
        var first = await PostEventAsync("prg-skip");
        var second = await PostEventAsync("prg-skip");

        var skipped = await DeliveryOfAsync(first);
        Assert.Equal("skipped", skipped.GetProperty("status").GetString());
        Assert.Equal("skipped", (await DeliveryOfAsync(second)).GetProperty("status").GetString());
        // A sweep finds nothing of theirs to claim: still skipped, nothing sent.
        await factory.SweepAfterAsync(DateTimeOffset.UtcNow);
        Assert.Equal("skipped", (await DeliveryOfAsync(first)).GetProperty("status").GetString());
        Assert.Empty(receiver.Requests);

        // Replay refused while inactive, with the reason.
        using (var refused = await api.PostAsync($"/api/v1/deliveries/{skipped.GetProperty("id").GetString()}/replay", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("inactive", await refused.Content.ReadAsStringAsync());
        }

        using (var on = await api.PatchAsJsonAsync($"/api/v1/integrations/{integrationId}", new { active = true }))
            Assert.True(on.IsSuccessStatusCode, await on.Content.ReadAsStringAsync());
        // One by one…
        var replay = await AppProcess.PostOkAsync(api, $"/api/v1/deliveries/{skipped.GetProperty("id").GetString()}/replay", new { });
        await factory.WaitForStatusAsync(replay.GetProperty("id").GetString()!, DeliveryStatus.Succeeded);
        // …and in bulk: everything skipped for this integration (the one already replayed is left out).
        var bulk = await AppProcess.PostOkAsync(api, "/api/v1/deliveries/replay", new { status = "skipped", integrationId });
        Assert.Equal(1, bulk.GetProperty("count").GetInt32());

        var received = await receiver.WaitForAsync(2);
        var eventIds = received.Select(r => JsonDocument.Parse(r.Body).RootElement[0].GetProperty("id").GetString()!).Order().ToList();
        Assert.Equal(new[] { first, second }.Order().ToList(), eventIds);
        // Nothing else is due: after a sweep every delivery rests (one claimed by it would rest only once sent), and nothing more was sent.
        await factory.SweepAfterAsync(DateTimeOffset.UtcNow);
        await factory.WaitForAllAtRestAsync(integrationId);
        Assert.Equal(2, receiver.Requests.Count);
    }
}

[Trait("Lane", "Postgres")]
public class ReplayAndSkipFlowOnPostgresTests : ReplayAndSkipFlowTests
{
    protected override Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => factory.OnPostgresAsync();
}
