using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Identity;
using WebhookConsole.MappingVariables;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.MappingVariables;

[Trait("Lane", "Integration")]
public class MappingVariablesApiTests : IAsyncLifetime
{
    private readonly IngestFactory factory = new();
    private HttpClient api = default!;

    public Task InitializeAsync()
    {
        api = factory.ApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task An_admin_creates_changes_and_deletes_a_variable_and_each_change_is_audited()
    {
        var created = await api.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "newsletter", label = "Newsletter", type = "optin", sourceId = "opt-7" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await IngestFactory.JsonAsync(created)).GetProperty("id").GetString()!;

        var updated = await api.PutAsJsonAsync($"/api/v1/mapping-variables/{id}", new { name = "newsletter_be", label = "Newsletter (BE)", type = "optin", sourceId = "opt-8" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/mapping-variables");
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal(("newsletter_be", "Newsletter (BE)", "optin", "opt-8"),
            (item.GetProperty("name").GetString(), item.GetProperty("label").GetString(), item.GetProperty("type").GetString(), item.GetProperty("sourceId").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/mapping-variables/{id}")).StatusCode);
        await using var db = factory.NewDb();
        Assert.False(await db.MappingVariables.AnyAsync());
        Assert.Equal(["mappingvariable.created", "mappingvariable.updated", "mappingvariable.deleted"],
            await db.AuditEntries.Where(a => a.EntityId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    public static TheoryData<string, string> BadVariables => new()
    {
        { """{"label":"L","type":"answer","sourceId":"q1"}""", "name" },
        { """{"name":"Favourite Colour","label":"L","type":"answer","sourceId":"q1"}""", "name" },
        { """{"name":"colour-1","label":"L","type":"answer","sourceId":"q1"}""", "name" },
        { """{"name":"colour","type":"answer","sourceId":"q1"}""", "label" },
        { """{"name":"colour","label":"L","sourceId":"q1"}""", "type" },
        { """{"name":"colour","label":"L","type":"score","sourceId":"q1"}""", "type" },
        { """{"name":"colour","label":"L","type":"answer","sourceId":" "}""", "sourceId" },
    };

    [Theory]
    [MemberData(nameof(BadVariables))]
    public async Task Bad_variables_are_refused_naming_the_field(string body, string field)
    {
        var response = await api.PostAsync("/api/v1/mapping-variables", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await IngestFactory.JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
        await using var db = factory.NewDb();
        Assert.False(await db.MappingVariables.AnyAsync());
    }

    [Fact]
    public async Task A_technical_name_is_unique()
    {
        await api.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "colour", label = "Colour", type = "answer", sourceId = "q1" });
        var other = await IngestFactory.JsonAsync(await api.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "size", label = "Size", type = "answer", sourceId = "q2" }));

        var again = await api.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "colour", label = "Other", type = "optin", sourceId = "o1" });
        var rename = await api.PutAsJsonAsync($"/api/v1/mapping-variables/{other.GetProperty("id").GetString()}", new { name = "colour", label = "Size", type = "answer", sourceId = "q2" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, rename.StatusCode);
        Assert.Contains("colour", (await IngestFactory.JsonAsync(again)).GetProperty("detail").GetString());
        await using var db = factory.NewDb();
        Assert.Equal(["colour", "size"], await db.MappingVariables.OrderBy(v => v.Name).Select(v => v.Name).ToListAsync());
    }

    [Theory]
    [InlineData(Roles.ProgramManager)]
    [InlineData(Roles.Support)]
    public async Task Only_admins_manage_mapping_variables(string role)
    {
        var client = factory.ApiClient(await factory.CreateApiKeyAsync(role));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/mapping-variables")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "x", label = "X", type = "answer", sourceId = "q" })).StatusCode);
    }

    [Fact]
    public async Task Variables_travel_in_participation_payloads()
    {
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_crm", configure: i => { i.SendAnswers = true; i.SendLeads = true; });
        await factory.AddRuleAsync("account", null, ["participation.completed"], "int_crm");
        await api.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "colour", label = "Colour", type = "answer", sourceId = "q1" });
        await api.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "newsletter", label = "Newsletter", type = "optin", sourceId = "nl" });
        await api.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "partners", label = "Partners", type = "optin", sourceId = "pt" });
        await api.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "sms", label = "SMS", type = "optin", sourceId = "sms" });
        await api.PostAsJsonAsync("/api/v1/mapping-variables", new { name = "mail", label = "E-mail", type = "form", sourceId = "11" });

        var response = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation("participation.completed", "p-1", data: new
        {
            id = "p-1",
            form = new object[] { new { id = 11, label = "E-mail", responses = new object[] { new { value = "ann@example.com" } } } },
            optins = new object[] { new { id = "nl", response = "1" }, new { id = "pt", value = false, variable = "own_name" } },
            questionnaire = new object[] { new { questionId = "q1", answers = new object[] { new { answer = "Blue" } } } },
        }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Qualifio carries mapping variables on the question, form field or opt-in they read; the sender's own name wins.
        await using var db = factory.NewDb();
        var payload = JsonDocument.Parse((await db.Deliveries.SingleAsync()).Payload).RootElement;
        Assert.Equal("colour", payload.GetProperty("questionnaire")[0].GetProperty("variable").GetString());
        Assert.Equal("mail", payload.GetProperty("form")[0].GetProperty("variable").GetString());
        Assert.Equal("newsletter", payload.GetProperty("optins")[0].GetProperty("variable").GetString());
        Assert.Equal("own_name", payload.GetProperty("optins")[1].GetProperty("variable").GetString());
        Assert.False(payload.TryGetProperty("variables", out _));
    }

    [Fact]
    public void The_validator_accepts_a_good_variable()
    {
        Assert.Empty(MappingVariableValidator.Validate(new MappingVariableRequest("fav_colour_2", "Favourite colour", "answer", "q-12")));
        Assert.Contains("name", MappingVariableValidator.Validate(new MappingVariableRequest(new string('a', 65), "L", "answer", "q")).Keys);
    }
}
