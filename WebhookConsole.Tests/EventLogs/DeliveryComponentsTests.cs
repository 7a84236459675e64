using System.Text.Json;
using Bunit;
using MudBlazor.Services;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;

namespace WebhookConsole.Tests.EventLogs;

/// <summary>bUnit: the event logs grid and the delivery detail view.</summary>
[Trait("Lane", "Component")]
public class DeliveryComponentsTests : BunitContext, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public DeliveryComponentsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    private static DeliveryItem Item(string id, DeliveryStatus status, int? code = 200, string? replayOf = null, string? error = null) =>
        new(id, "evt_" + id, "participation.completed", "int_a", status, 2, code, status == DeliveryStatus.Retrying ? Now.AddMinutes(5) : null,
            Now.AddMinutes(-3), replayOf, "part-1", error, Now, "msg_" + id);

    [Fact]
    public void The_grid_shows_each_delivery_with_status_integration_name_and_response()
    {
        var grid = Render<DeliveryTable>(p => p
            .Add(x => x.Items, [Item("dlv_1", DeliveryStatus.Failed, 500), Item("dlv_2", DeliveryStatus.Retrying, null, error: "Timed out"), Item("dlv_3", DeliveryStatus.Pending, null, replayOf: "dlv_1")])
            .Add(x => x.IntegrationNames, new Dictionary<string, string> { ["int_a"] = "Alpha CRM" })
            .Add(x => x.Now, Now));

        var rows = grid.FindAll("tr.delivery-row");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["failed", "retrying", "pending"], grid.FindAll(".status-chip").Select(c => c.GetAttribute("data-status")));
        Assert.Contains("Alpha CRM", rows[0].TextContent);
        Assert.Contains("HTTP 500", rows[0].TextContent);
        Assert.Contains("Participation completed", rows[0].TextContent);
        Assert.Contains("3 min ago", rows[0].TextContent);
        Assert.Contains("Timed out", rows[1].TextContent);
        Assert.Contains("next in 5 min", rows[1].TextContent);
        Assert.Single(grid.FindAll(".replay-badge"));
        Assert.Equal("/event-logs/dlv_1", grid.Find("a.delivery-link").GetAttribute("href"));
        Assert.Empty(grid.FindAll(".row-replay"));
    }

    [Fact]
    public void A_delivery_that_failed_its_last_retry_reads_blocked_after_the_schedules_retries_in_list_and_detail()
    {
        var exhausted = Item("dlv_1", DeliveryStatus.Failed, 500) with { AttemptCount = 8 };
        var grid = Render<DeliveryTable>(p => p.Add(x => x.Items, [exhausted, Item("dlv_2", DeliveryStatus.Failed, 500)]).Add(x => x.Now, Now));

        var chips = grid.FindAll(".status-chip");
        Assert.Equal("Failed — blocked after 7 retries", chips[0].TextContent.Trim());
        Assert.Equal("Failed", chips[1].TextContent.Trim()); // failed before its retries ran out (e.g. its integration was deleted)
        Assert.All(chips, c => Assert.Equal("failed", c.GetAttribute("data-status")));

        var attempts = Enumerable.Range(1, 8).Select(n => Attempt(n, 500)).ToArray();
        var view = Render<DeliveryDetailView>(p => p.Add(x => x.Detail, Detail(DeliveryStatus.Failed, false, attempts)).Add(x => x.Now, Now));
        Assert.Contains("Failed — blocked after 7 retries", view.Find("#delivery-facts").TextContent);
    }

    [Fact]
    public void Replay_buttons_show_only_to_those_who_may_replay_and_report_the_row()
    {
        DeliveryItem? replayed = null;
        var grid = Render<DeliveryTable>(p => p
            .Add(x => x.Items, [Item("dlv_1", DeliveryStatus.Failed), Item("dlv_2", DeliveryStatus.Succeeded)])
            .Add(x => x.CanReplay, true)
            .Add(x => x.OnReplay, (DeliveryItem d) => replayed = d));

        var buttons = grid.FindAll("button.row-replay");
        Assert.Equal(2, buttons.Count);
        buttons[1].Click();
        Assert.Equal("dlv_2", replayed?.Id);
    }

    [Fact]
    public void An_empty_grid_shows_the_given_message()
    {
        var grid = Render<DeliveryTable>(p => p
            .Add(x => x.Items, [])
            .Add(x => x.NoRecordsContent, (Microsoft.AspNetCore.Components.RenderFragment)(b => b.AddContent(0, "Nothing matches"))));
        Assert.Contains("Nothing matches", grid.Markup);
    }

    private static DeliveryDetail Detail(DeliveryStatus status, bool payloadRemoved = false, params AttemptItem[] attempts) => new(
        "dlv_1", "evt_1", "participation.completed", "int_a", status, attempts.Length, attempts.LastOrDefault()?.StatusCode, null,
        Now.AddHours(-1), null, "part-4711", null, Now, "msg_1",
        payloadRemoved ? null : JsonDocument.Parse("""{"id":"part-4711","state":"COMPLETED"}""").RootElement.Clone(),
        payloadRemoved, payloadRemoved ? 0 : 38, attempts, []);

    private static AttemptItem Attempt(int n, int? code, string? body = null, string? error = null) => new(
        n, Now.AddMinutes(-60 + n), 100 + n, code,
        JsonDocument.Parse("""{"Content-Type":"application/json","Authorization":"••••••••"}""").RootElement.Clone(),
        code is null ? null : JsonDocument.Parse("""{"Server":"receiver"}""").RootElement.Clone(),
        body, error);

    [Fact]
    public void The_detail_shows_the_payload_and_every_attempts_request_and_response()
    {
        var view = Render<DeliveryDetailView>(p => p
            .Add(x => x.Detail, Detail(DeliveryStatus.Failed, false,
                Attempt(1, null, error: "Connection refused"),
                Attempt(2, 500, body: """{"error":"database unavailable"}""")))
            .Add(x => x.IntegrationName, "Alpha CRM")
            .Add(x => x.Now, Now));

        Assert.Contains("Failed.", view.Find("#delivery-banner").TextContent);
        Assert.Contains("HTTP 500", view.Find("#delivery-banner").TextContent);
        var payload = view.Find("#payload pre").TextContent;
        Assert.Contains("\"id\": \"part-4711\"", payload);
        Assert.Contains("\n", payload);
        Assert.Contains("Alpha CRM", view.Find("#delivery-facts").TextContent);
        Assert.Contains("msg_1", view.Find("#message-id").TextContent);

        var attempts = view.FindAll(".attempt");
        Assert.Equal(2, attempts.Count);
        Assert.Contains("Attempt 2", attempts[0].TextContent);
        Assert.Contains("database unavailable", view.Find(".response-body").TextContent);
        Assert.Contains("••••••••", attempts[0].TextContent);
        Assert.Contains("receiver", attempts[0].TextContent);
        Assert.Contains("Connection refused", attempts[1].TextContent);
    }

    [Fact]
    public void The_detail_says_when_retention_removed_the_payload_and_attempts()
    {
        var detail = Detail(DeliveryStatus.Succeeded, payloadRemoved: true) with { AttemptCount = 2, LastStatusCode = 200 };
        var view = Render<DeliveryDetailView>(p => p.Add(x => x.Detail, detail).Add(x => x.RetentionDays, 30).Add(x => x.Now, Now));
        Assert.Contains("removed by retention", view.Find("#payload-removed").TextContent);
        Assert.Contains("30 days", view.Find("#no-attempts").TextContent);
        Assert.Contains("Delivered.", view.Find("#delivery-banner").TextContent);
    }

    [Fact]
    public void Backfilled_deliveries_are_marked_in_the_grid_and_the_detail()
    {
        var grid = Render<DeliveryTable>(p => p
            .Add(x => x.Items, [Item("dlv_1", DeliveryStatus.Succeeded) with { Backfill = true }, Item("dlv_2", DeliveryStatus.Succeeded)])
            .Add(x => x.IntegrationNames, new Dictionary<string, string>())
            .Add(x => x.Now, Now));
        var badge = Assert.Single(grid.FindAll(".backfill-badge"));
        Assert.Contains("dlv_1", badge.Closest("tr")!.TextContent);

        var view = Render<DeliveryDetailView>(p => p.Add(x => x.Detail, Detail(DeliveryStatus.Succeeded) with { Backfill = true }).Add(x => x.Now, Now));
        Assert.Contains("Sent by a backfill", view.Find("#backfill-note").TextContent);
        Assert.Empty(Render<DeliveryDetailView>(p => p.Add(x => x.Detail, Detail(DeliveryStatus.Succeeded)).Add(x => x.Now, Now)).FindAll("#backfill-note"));
    }

    [Fact]
    public void The_detail_links_a_replay_to_its_original_and_lists_replays()
    {
        var detail = Detail(DeliveryStatus.Pending) with { ReplayOf = "dlv_0", Replays = [new ReplayLink("dlv_2", DeliveryStatus.Succeeded, Now)] };
        var view = Render<DeliveryDetailView>(p => p.Add(x => x.Detail, detail).Add(x => x.Now, Now));
        Assert.Equal("/event-logs/dlv_0", view.Find("#replay-of-link").GetAttribute("href"));
        Assert.Contains("dlv_2", view.Find("#replay-chain").TextContent);
        Assert.Contains("Not attempted yet", view.Find("#no-attempts").TextContent);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services only dispose asynchronously.</summary>
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
