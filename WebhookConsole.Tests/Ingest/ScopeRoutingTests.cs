using System.Net;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Tests.Ingest;

/// <summary>
/// An integration's scope is the default and push rules narrow it: a new 2.0 integration gets every participation of its
/// scope before anyone opens Push rules; a rule with no destinations silences only where it is set; loyalty still needs rules.
/// </summary>
[Trait("Lane", "Integration")]
public class ScopeRoutingTests : IAsyncLifetime
{
    private const string Completed = "participation.completed";
    private readonly IngestFactory factory = new();
    private HttpClient api = default!;

    public async Task InitializeAsync()
    {
        api = factory.ApiClient();
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_account");
        await factory.AddIntegrationAsync("int_web2", websiteId: "web-2");
        await factory.AddIntegrationAsync("int_loyalty", kind: "loyalty");
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<List<string>> ReceiversOfAsync(object body)
    {
        var response = await factory.PostEventAsync(api, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await IngestFactory.JsonAsync(response)).GetProperty("id").GetString();
        await using var db = factory.NewDb();
        return await db.Deliveries.AsNoTracking().Where(d => d.EventId == id).OrderBy(d => d.IntegrationId).Select(d => d.IntegrationId).ToListAsync();
    }

    [Fact]
    public async Task With_no_rule_every_active_participation_integration_whose_scope_covers_the_event_receives_it()
    {
        Assert.Equal(["int_account"], await ReceiversOfAsync(IngestFactory.Participation(Completed, "p-1", "cmp-1")));
        Assert.Equal(["int_account", "int_web2"], await ReceiversOfAsync(IngestFactory.Participation(Completed, "p-2", "cmp-3")));
        // Loyalty events still go only where a rule sends them.
        Assert.Empty(await ReceiversOfAsync(IngestFactory.Loyalty("loyalty.points_earned")));
    }

    [Fact]
    public async Task A_campaign_rule_with_no_destinations_silences_that_campaign_only()
    {
        await factory.AddRuleAsync("campaign", "cmp-1", [Completed]);

        Assert.Empty(await ReceiversOfAsync(IngestFactory.Participation(Completed, "p-1", "cmp-1")));
        Assert.Equal(["int_account"], await ReceiversOfAsync(IngestFactory.Participation(Completed, "p-2", "cmp-2")));
        Assert.Equal(["int_account", "int_web2"], await ReceiversOfAsync(IngestFactory.Participation(Completed, "p-3", "cmp-3")));
    }

    [Fact]
    public async Task A_rule_narrows_its_level_and_the_levels_under_it_while_others_keep_their_scope()
    {
        await factory.AddRuleAsync("website", "web-2", [Completed], "int_web2");

        Assert.Equal(["int_web2"], await ReceiversOfAsync(IngestFactory.Participation(Completed, "p-1", "cmp-3")));
        Assert.Equal(["int_account"], await ReceiversOfAsync(IngestFactory.Participation(Completed, "p-2", "cmp-1")));
    }
}
