using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Integrations;

/// <summary>The probe's strict-input cases on integrations and names: each is a 400 naming the field, and changes nothing.</summary>
[Trait("Lane", "Integration")]
public class IntegrationStrictInputTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();
    private HttpClient api = default!;

    public Task InitializeAsync()
    {
        api = factory.ApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static StringContent Json(string body, string type = "application/json") => new(body, Encoding.UTF8, type);

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("WebhookConsole.", text);
        return JsonDocument.Parse(text).RootElement.GetProperty("errors");
    }

    [Theory]
    [InlineData("""{"name":"CRM","url":"https://a.example/h","kind":"loyalty","retries":3}""", "retries")]
    [InlineData("""{"name":"CRM","url":"https://a.example/h","kind":"participation","options":{"sendLeads":true,"sendEverything":true}}""", "options.sendEverything")]
    [InlineData("""{"name":"CRM","url":"https://a.example/h","kind":"participation","options":{"incomplete":{"send":true,"after":5}}}""", "options.incomplete.after")]
    [InlineData("""{"name":"CRM","url":"https://a.example/h","kind":"loyalty","url":"https://b.example/h"}""", "url")]
    [InlineData("""{"name":"CR\u0000M","url":"https://a.example/h","kind":"loyalty"}""", "name")]
    public async Task Create_refuses_unknown_repeated_and_control_characters(string body, string field)
    {
        Assert.True((await ErrorsOf(await api.PostAsync("/api/v1/integrations", Json(body)))).TryGetProperty(field, out _));
        await using var db = factory.NewDb();
        Assert.Empty(db.Integrations);
    }

    [Fact]
    public async Task Put_and_patch_refuse_unknown_fields_and_a_get_put_round_trip_still_works()
    {
        var created = await (await api.PostAsJsonAsync("/api/v1/integrations", new { name = "CRM", url = "https://a.example/h", kind = "loyalty" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        var current = await api.GetStringAsync($"/api/v1/integrations/{id}");
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync($"/api/v1/integrations/{id}", Json(current))).StatusCode);

        var put = await api.PutAsync($"/api/v1/integrations/{id}", Json("""{"name":"CRM","url":"https://a.example/h","kind":"loyalty","color":"red"}"""));
        Assert.True((await ErrorsOf(put)).TryGetProperty("color", out _));
        var patch = await api.PatchAsync($"/api/v1/integrations/{id}", Json("""{"colour":"red"}""", "application/merge-patch+json"));
        Assert.True((await ErrorsOf(patch)).TryGetProperty("colour", out _));
        var repeated = await api.PatchAsync($"/api/v1/integrations/{id}", Json("""{"name":"A","name":"B"}"""));
        Assert.True((await ErrorsOf(repeated)).TryGetProperty("name", out _));
        Assert.True((await ErrorsOf(await api.PatchAsync($"/api/v1/integrations/{id}", Json("""{"na\ud800me":"CRM 2"}""")))).TryGetProperty("body", out _));

        // Bytes that are not UTF-8 inside a string: refused, not stored with replacement characters.
        var invalid = new ByteArrayContent([.. "{\"name\":\"CRM "u8, 0xC3, 0x28, .. "\"}"u8]) { Headers = { ContentType = new("application/json") } };
        Assert.True((await ErrorsOf(await api.PatchAsync($"/api/v1/integrations/{id}", invalid))).TryGetProperty("body", out _));

        // A lone surrogate escaped in JSON is no text either.
        Assert.True((await ErrorsOf(await api.PatchAsync($"/api/v1/integrations/{id}", Json("""{"name":"CRM \ud800"}""")))).TryGetProperty("name", out _));

        var after = await api.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}");
        Assert.Equal("CRM", after.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/api/v1/websites", """{"id":"web-1","name":"Sho\u0007p","domain":"shop.example","country":"BE"}""", "name")]
    [InlineData("/api/v1/programs", """{"id":"prg-1","name":"Re\nwards"}""", "name")]
    public async Task Names_with_control_characters_are_refused(string path, string body, string field) =>
        Assert.True((await ErrorsOf(await api.PostAsync(path, Json(body)))).TryGetProperty(field, out _));
}
