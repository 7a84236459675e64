using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Integrations;
using WebhookConsole.PushRules;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.PushRules;

[Trait("Lane", "Integration")]
public class PushRulePreviewTests : IAsyncLifetime
{
    private readonly IngestFactory factory = new();
    private PushRulePreviewService preview = default!;

    public async Task InitializeAsync()
    {
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_hook", configure: i => i.Name = "Webhook");
        await factory.AddIntegrationAsync("int_incomplete", configure: i => { i.Name = "Incomplete CRM"; i.IncompleteSend = true; i.IncompleteDelaySeconds = 1800; });
        await factory.AddIntegrationAsync("int_off", active: false, configure: i => i.Name = "Old");
        await factory.AddRuleAsync("account", null, ["participation.started", "participation.completed"], "int_hook", "int_incomplete", "int_off");
        preview = factory.Services.GetRequiredService<PushRulePreviewService>();
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static string Event(string type, string campaign = "cmp-1") =>
        JsonSerializer.Serialize(new { type, source = new { campaignId = campaign }, data = new { id = "p-1" } });

    [Fact]
    public async Task Says_where_an_event_goes_and_why_the_others_do_not_get_it()
    {
        var result = await preview.PreviewJsonAsync(Event("participation.completed"));

        Assert.Null(result.Errors);
        Assert.Equal("account", result.Routing!.Level);
        Assert.Equal(["Webhook", "Incomplete CRM"], result.Targets.Select(t => t.Integration.Name));
        Assert.All(result.Targets, t => Assert.Contains("COMPLETED", t.Outcome));
        Assert.Contains("inactive", Assert.Single(result.Routing.Skipped).Reason);
        var payload = JsonDocument.Parse(result.Targets[0].Payload!).RootElement;
        Assert.Equal("Summer quiz", payload.GetProperty("campaign").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_start_only_leads_to_an_incomplete_delivery_where_the_integration_sends_them()
    {
        var result = await preview.PreviewJsonAsync(Event("participation.started"));

        Assert.Contains("does not send incomplete", result.Targets.Single(t => t.Integration.Id == "int_hook").Outcome);
        var incomplete = result.Targets.Single(t => t.Integration.Id == "int_incomplete");
        Assert.Contains("INCOMPLETE", incomplete.Outcome);
        Assert.Contains("30 min", incomplete.Outcome);
        Assert.Null(result.Targets.Single(t => t.Integration.Id == "int_hook").Payload);
    }

    [Fact]
    public async Task Unsaved_rules_of_the_scope_being_edited_take_the_place_of_the_saved_ones()
    {
        var scope = new PushRuleScope("campaign", "cmp-1");
        var nowhere = await preview.PreviewJsonAsync(Event("participation.completed"), scope, [new PushRuleDraft { EventTypes = ["participation.completed"] }]);
        Assert.True(nowhere.Routing!.PushesNowhere);
        Assert.Equal("campaign", nowhere.Routing.Level);

        // Another campaign is unaffected by the draft.
        var other = await preview.PreviewJsonAsync(Event("participation.completed", "cmp-2"), scope, [new PushRuleDraft { EventTypes = ["participation.completed"] }]);
        Assert.Equal("account", other.Routing!.Level);
    }

    [Theory]
    [InlineData("{ not json", "body")]
    [InlineData("""{"type":"participation.completed","source":{"campaignId":"cmp-404"},"data":{"id":"p"}}""", "source.campaignId")]
    [InlineData("""{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{}}""", "data.member")]
    public async Task Refuses_what_the_events_api_refuses_with_the_same_field_names(string json, string field)
    {
        var result = await preview.PreviewJsonAsync(json);
        Assert.True(result.Errors!.ContainsKey(field), string.Join(", ", result.Errors.Keys));
        Assert.Empty(result.Targets);
    }

    [Fact]
    public async Task A_stored_event_is_previewed_with_its_own_id_and_nothing_is_written()
    {
        var accepted = await IngestFactory.JsonAsync(await factory.ApiClient().PostAsJsonAsync("/api/v1/events", IngestFactory.Participation("participation.completed", "p-9")));
        var id = accepted.GetProperty("id").GetString()!;
        await using var before = factory.NewDb();
        var deliveries = before.Deliveries.Count();

        var result = await preview.PreviewStoredAsync(id);

        Assert.Equal(2, result.Targets.Count);
        Assert.Contains("p-9", result.Summary);
        await using var after = factory.NewDb();
        Assert.Equal(deliveries, after.Deliveries.Count());
        Assert.Equal(1, after.Events.Count());
    }
}
