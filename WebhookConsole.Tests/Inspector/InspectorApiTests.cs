using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Identity;
using WebhookConsole.Inspector;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Inspector;

/// <summary>Bins over the API, and what `/inspect/{id}` records and answers.</summary>
[Trait("Lane", "Integration")]
public class InspectorApiTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new ConsoleFactory().With("Inspector:RequestsPerMinute", "1000");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<JsonElement> CreateBinAsync(string name = "CRM test", int? status = null)
    {
        var response = await factory.ApiClient().PostAsJsonAsync("/api/v1/inspector/bins", new { name, responseStatus = status });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement[]> RequestsAsync(string binId)
    {
        var list = await factory.ApiClient().GetFromJsonAsync<JsonElement>($"/api/v1/inspector/bins/{binId}/requests");
        return list.GetProperty("items").EnumerateArray().ToArray();
    }

    [Fact]
    public async Task A_bin_is_created_listed_audited_and_deleted()
    {
        var bin = await CreateBinAsync();
        var id = bin.GetProperty("id").GetString()!;
        Assert.Matches("^bin_[0-9a-z]{26}$", id);
        Assert.Equal($"http://localhost/inspect/{id}", bin.GetProperty("url").GetString());
        Assert.Equal(200, bin.GetProperty("responseStatus").GetInt32());
        var created = bin.GetProperty("createdAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromDays(7), bin.GetProperty("expiresAt").GetDateTimeOffset() - created);

        var list = await factory.ApiClient().GetFromJsonAsync<JsonElement>("/api/v1/inspector/bins");
        Assert.Equal(id, list.EnumerateArray().Single().GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await factory.ApiClient().DeleteAsync($"/api/v1/inspector/bins/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.ApiClient().DeleteAsync($"/api/v1/inspector/bins/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().PostAsync($"/inspect/{id}", new StringContent("{}"))).StatusCode);
        await using var db = factory.NewDb();
        var actions = await db.AuditEntries.Where(a => a.EntityId == id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["inspector.bin_created", "inspector.bin_deleted"], actions.Order());
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"x","responseStatus":99}""", "responseStatus")]
    [InlineData("""{"name":"x","responseStatus":600}""", "responseStatus")]
    [InlineData("""{"name":"x","colour":"red"}""", "colour")]
    public async Task Bad_input_is_a_400_naming_the_field_and_creates_nothing(string json, string field)
    {
        var response = await factory.ApiClient().PostAsync("/api/v1/inspector/bins", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        await using var db = factory.NewDb();
        Assert.Equal(0, await db.InspectorBins.CountAsync());
    }

    [Fact]
    public async Task Support_may_use_bins_a_program_manager_may_not()
    {
        var support = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Support));
        Assert.Equal(HttpStatusCode.Created, (await support.PostAsJsonAsync("/api/v1/inspector/bins", new { name = "s" })).StatusCode);
        var manager = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.ProgramManager));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/v1/inspector/bins")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiClient(null).GetAsync("/api/v1/inspector/bins")).StatusCode);
    }

    [Fact]
    public async Task Any_method_is_recorded_as_received_and_answered_with_the_bins_status()
    {
        var bin = await CreateBinAsync(status: 500);
        var id = bin.GetProperty("id").GetString()!;
        var anonymous = factory.CreateClient();
        var post = new HttpRequestMessage(HttpMethod.Post, $"/inspect/{id}") { Content = new StringContent("""{"a": 1}""", Encoding.UTF8, "application/json") };
        post.Headers.Add("X-Custom", "hello");
        post.Headers.Add("Authorization", "Bearer secret-value");
        post.Headers.Add("x-api-key", "another-secret");
        var answer = await anonymous.SendAsync(post);
        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await anonymous.PutAsync($"/inspect/{id}/orders/7?x=1", new StringContent("put body"))).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await anonymous.GetAsync($"/inspect/{id}")).StatusCode);

        var items = await RequestsAsync(id);
        Assert.Equal(["GET", "PUT", "POST"], items.Select(i => i.GetProperty("method").GetString()));
        Assert.Equal("/orders/7?x=1", items[1].GetProperty("path").GetString());
        Assert.Equal("put body", items[1].GetProperty("body").GetString());
        var first = items[2];
        Assert.Equal("""{"a": 1}""", first.GetProperty("body").GetString());
        Assert.Equal(8, first.GetProperty("bodyLength").GetInt64());
        Assert.Equal(500, first.GetProperty("statusReturned").GetInt32());
        var headers = first.GetProperty("headers");
        Assert.Equal("hello", headers.GetProperty("X-Custom").GetString());
        Assert.Equal("application/json; charset=utf-8", headers.GetProperty("Content-Type").GetString());
        // Credentials are not kept in clear.
        Assert.Equal("••••••••", headers.GetProperty("Authorization").GetString());
        Assert.Equal("••••••••", headers.GetProperty("x-api-key").GetString());
        Assert.DoesNotContain("secret-value", items[2].ToString());
        Assert.True(items[0].GetProperty("receivedAt").GetDateTimeOffset() >= first.GetProperty("receivedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Unknown_and_expired_bins_get_404_and_retention_deletes_expired_ones()
    {
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("/inspect/bin_doesnotexist", new StringContent("x"))).StatusCode);

        var id = (await CreateBinAsync()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync($"/inspect/{id}", new StringContent("x"))).StatusCode);
        var keep = (await CreateBinAsync("keep")).GetProperty("id").GetString()!;
        await using (var db = factory.NewDb())
            await db.InspectorBins.Where(b => b.Id == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync($"/inspect/{id}", new StringContent("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.ApiClient().GetAsync($"/api/v1/inspector/bins/{id}/requests")).StatusCode);
        var listed = await factory.ApiClient().GetFromJsonAsync<JsonElement>("/api/v1/inspector/bins");
        Assert.Equal([keep], listed.EnumerateArray().Select(b => b.GetProperty("id").GetString()));

        await factory.Services.GetRequiredService<WebhookConsole.EventLogs.RetentionJob>().RunAsync(CancellationToken.None);
        await using var after = factory.NewDb();
        Assert.False(await after.InspectorBins.AnyAsync(b => b.Id == id));
        Assert.False(await after.InspectedRequests.AnyAsync(r => r.BinId == id));
        Assert.True(await after.InspectorBins.AnyAsync(b => b.Id == keep));
    }

    [Fact]
    public async Task A_large_body_is_answered_and_recorded_cut_at_256_KiB_and_a_huge_one_is_refused()
    {
        var id = (await CreateBinAsync()).GetProperty("id").GetString()!;
        var anonymous = factory.CreateClient();
        var large = new byte[300 * 1024];
        Array.Fill(large, (byte)'a');
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync($"/inspect/{id}", new ByteArrayContent(large))).StatusCode);
        var item = (await RequestsAsync(id)).Single();
        Assert.Equal(300 * 1024, item.GetProperty("bodyLength").GetInt64());
        Assert.True(item.GetProperty("bodyTruncated").GetBoolean());
        Assert.Equal(InspectorOptions.MaxStoredBodyBytes, item.GetProperty("body").GetString()!.Length);

        var huge = new HttpRequestMessage(HttpMethod.Post, $"/inspect/{id}") { Content = new ByteArrayContent([]) };
        huge.Content.Headers.ContentLength = InspectorOptions.MaxAcceptedBodyBytes + 1;
        var refused = await anonymous.SendAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Single(await RequestsAsync(id));
    }

    [Fact]
    public async Task A_bin_keeps_its_newest_100_requests()
    {
        var id = (await CreateBinAsync()).GetProperty("id").GetString()!;
        var anonymous = factory.CreateClient();
        for (var i = 1; i <= 105; i++) await anonymous.PostAsync($"/inspect/{id}", new StringContent($"#{i}"));
        var items = await RequestsAsync(id);
        Assert.Equal(100, items.Length);
        Assert.Equal("#105", items[0].GetProperty("body").GetString());
        Assert.Equal("#6", items[^1].GetProperty("body").GetString());
        await using var db = factory.NewDb();
        Assert.Equal(100, await db.InspectedRequests.CountAsync(r => r.BinId == id));
    }
}
