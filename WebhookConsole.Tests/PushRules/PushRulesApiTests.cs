using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Identity;
using WebhookConsole.Integrations;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.PushRules;

[Trait("Lane", "Integration")]
public class PushRulesApiTests : IAsyncLifetime
{
    private readonly IngestFactory factory = new();
    private HttpClient api = default!;

    public async Task InitializeAsync()
    {
        api = factory.ApiClient();
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_crm");
        await factory.AddIntegrationAsync("int_site1", websiteId: "web-1");
        await factory.AddIntegrationAsync("int_loyalty", IntegrationKind.Loyalty);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_program_manager_creates_changes_lists_and_deletes_a_rule_and_each_change_is_audited()
    {
        var pm = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.ProgramManager));

        var created = await pm.PostAsJsonAsync("/api/v1/push-rules", new
        {
            scope = new { kind = "program", id = "prg-1" },
            eventTypes = new[] { "loyalty.level_changed", "loyalty.points_earned", "loyalty.points_earned" },
            destinations = new[] { "int_loyalty" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rule = await IngestFactory.JsonAsync(created);
        var id = rule.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/push-rules/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("program", rule.GetProperty("scope").GetProperty("kind").GetString());
        Assert.Equal("prg-1", rule.GetProperty("scope").GetProperty("id").GetString());
        // De-duplicated, in the canonical order.
        Assert.Equal(["loyalty.level_changed", "loyalty.points_earned"], rule.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));

        var updated = await pm.PutAsJsonAsync($"/api/v1/push-rules/{id}", new
        {
            scope = new { kind = "program", id = "prg-1" },
            eventTypes = new[] { "loyalty.points_burned" },
            destinations = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(0, (await IngestFactory.JsonAsync(updated)).GetProperty("destinations").GetArrayLength());

        var list = await pm.GetFromJsonAsync<JsonElement>("/api/v1/push-rules?scopeKind=program&scopeId=prg-1");
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty((await pm.GetFromJsonAsync<JsonElement>("/api/v1/push-rules?scopeKind=account")).EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await pm.DeleteAsync($"/api/v1/push-rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pm.DeleteAsync($"/api/v1/push-rules/{id}")).StatusCode);

        await using var db = factory.NewDb();
        Assert.False(await db.PushRules.AnyAsync());
        var audit = await db.AuditEntries.Where(a => a.EntityId == id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["pushrule.created", "pushrule.updated", "pushrule.deleted"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.StartsWith("apikey:", a.Actor));
        Assert.Contains("loyalty.points_earned", audit[1].Before);
        Assert.Contains("loyalty.points_burned", audit[1].After);
    }

    [Fact]
    public async Task The_account_scope_has_no_id()
    {
        var response = await api.PostAsJsonAsync("/api/v1/push-rules", new { scope = new { kind = "account" }, eventTypes = new[] { "participation.completed" }, destinations = new[] { "int_crm" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await IngestFactory.JsonAsync(response)).GetProperty("scope").GetProperty("id").ValueKind);
    }

    public static TheoryData<string, string, string> BadRules => new()
    {
        { "no scope", """{"eventTypes":["participation.completed"],"destinations":[]}""", "scope" },
        { "no scope kind", """{"scope":{},"eventTypes":["participation.completed"],"destinations":[]}""", "scope.kind" },
        { "unknown scope kind", """{"scope":{"kind":"shop","id":"s"},"eventTypes":["participation.completed"],"destinations":[]}""", "scope.kind" },
        { "account with an id", """{"scope":{"kind":"account","id":"x"},"eventTypes":["participation.completed"],"destinations":[]}""", "scope.id" },
        { "website without id", """{"scope":{"kind":"website"},"eventTypes":["participation.completed"],"destinations":[]}""", "scope.id" },
        { "unknown website", """{"scope":{"kind":"website","id":"web-9"},"eventTypes":["participation.completed"],"destinations":[]}""", "scope.id" },
        { "unknown campaign", """{"scope":{"kind":"campaign","id":"cmp-9"},"eventTypes":["participation.completed"],"destinations":[]}""", "scope.id" },
        { "unknown program", """{"scope":{"kind":"program","id":"prg-9"},"eventTypes":["loyalty.points_earned"],"destinations":[]}""", "scope.id" },
        { "no event types", """{"scope":{"kind":"account"},"eventTypes":[],"destinations":[]}""", "eventTypes" },
        { "unknown event type", """{"scope":{"kind":"account"},"eventTypes":["participation.completed","participation.finished"],"destinations":[]}""", "eventTypes[1]" },
        { "loyalty type on a website", """{"scope":{"kind":"website","id":"web-1"},"eventTypes":["loyalty.points_earned"],"destinations":[]}""", "eventTypes[0]" },
        { "participation type on a program", """{"scope":{"kind":"program","id":"prg-1"},"eventTypes":["participation.completed"],"destinations":[]}""", "eventTypes[0]" },
        { "no destinations field", """{"scope":{"kind":"account"},"eventTypes":["participation.completed"]}""", "destinations" },
        { "unknown destination", """{"scope":{"kind":"account"},"eventTypes":["participation.completed"],"destinations":["int_crm","int_nope"]}""", "destinations[1]" },
        { "loyalty integration for participations", """{"scope":{"kind":"campaign","id":"cmp-1"},"eventTypes":["participation.completed"],"destinations":["int_loyalty"]}""", "destinations[0]" },
        { "participation integration for loyalty", """{"scope":{"kind":"program","id":"prg-1"},"eventTypes":["loyalty.points_earned"],"destinations":["int_crm"]}""", "destinations[0]" },
        { "website integration on another website's campaign", """{"scope":{"kind":"campaign","id":"cmp-3"},"eventTypes":["participation.completed"],"destinations":["int_site1"]}""", "destinations[0]" },
        { "event types not a list", """{"scope":{"kind":"account"},"eventTypes":"participation.completed","destinations":[]}""", "" },
        { "malformed JSON", """{"scope":""", "" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task Bad_rules_are_refused_naming_the_field_and_nothing_is_written(string name, string body, string field)
    {
        var response = await api.PostAsync("/api/v1/push-rules", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await IngestFactory.JsonAsync(response);
        if (field.Length > 0)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{name}: expected '{field}' in {problem}");
        else
            Assert.Contains("JSON", problem.GetProperty("detail").GetString());
        await using var db = factory.NewDb();
        Assert.False(await db.PushRules.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(a => a.EntityType == "PushRule"));
    }

    [Fact]
    public async Task A_website_integration_may_be_named_on_the_account_and_its_own_website()
    {
        foreach (var scope in new object[] { new { kind = "account" }, new { kind = "website", id = "web-1" }, new { kind = "campaign", id = "cmp-2" } })
        {
            var response = await api.PostAsJsonAsync("/api/v1/push-rules", new { scope, eventTypes = new[] { "participation.completed" }, destinations = new[] { "int_site1" } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Fact]
    public async Task Support_may_not_touch_push_rules()
    {
        var support = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Support));
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync("/api/v1/push-rules")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.PostAsJsonAsync("/api/v1/push-rules",
            new { scope = new { kind = "account" }, eventTypes = new[] { "participation.completed" }, destinations = Array.Empty<string>() })).StatusCode);
    }

    [Fact]
    public async Task Updating_or_deleting_an_unknown_rule_is_a_404()
    {
        var put = await api.PutAsJsonAsync("/api/v1/push-rules/rule_nope", new { scope = new { kind = "account" }, eventTypes = new[] { "participation.completed" }, destinations = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/push-rules/rule_nope")).StatusCode);
    }

    [Fact]
    public async Task A_rule_takes_effect_on_the_next_event()
    {
        await api.PostAsJsonAsync("/api/v1/push-rules", new { scope = new { kind = "campaign", id = "cmp-1" }, eventTypes = new[] { "participation.completed" }, destinations = new[] { "int_crm" } });
        var accepted = await IngestFactory.JsonAsync(await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation("participation.completed", "p-1")));
        Assert.Equal("int_crm", Assert.Single(accepted.GetProperty("deliveries").EnumerateArray()).GetProperty("integrationId").GetString());
    }
}
