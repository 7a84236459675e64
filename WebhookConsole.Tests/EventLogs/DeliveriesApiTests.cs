using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.EventLogs;

[Trait("Lane", "Integration")]
public class DeliveriesApiTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();
    private HttpClient api = default!;
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 8, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync()
    {
        api = factory.ApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    /// <summary>300 deliveries one minute apart over two integrations and every status; returned oldest first.</summary>
    private static readonly DeliveryStatus[] SeededStatuses =
        [DeliveryStatus.Scheduled, DeliveryStatus.Pending, DeliveryStatus.Succeeded, DeliveryStatus.Retrying, DeliveryStatus.Failed];

    private async Task<List<Delivery>> SeedManyAsync()
    {
        await using var db = factory.NewDb();
        db.Integrations.AddRange(DeliverySeed.Integration("int_a", "Alpha CRM"), DeliverySeed.Integration("int_b", "Beta mailer"));
        var rows = Enumerable.Range(0, 300).Select(i => DeliverySeed.Delivery(
            i % 3 == 0 ? "int_b" : "int_a",
            T0.AddMinutes(i),
            status: SeededStatuses[i % SeededStatuses.Length],
            eventType: i % 2 == 0 ? "participation.completed" : "participation.started",
            subjectId: $"part-{i % 50}")).ToList();
        db.Deliveries.AddRange(rows);
        await db.SaveChangesAsync();
        return rows;
    }

    private static List<string> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task Lists_newest_first_with_the_contract_shape_and_cursor_pages_through_everything()
    {
        var seeded = await SeedManyAsync();
        var expected = seeded.OrderByDescending(d => d.Id, StringComparer.Ordinal).Select(d => d.Id).ToList();

        var first = await api.GetFromJsonAsync<JsonElement>("/api/v1/deliveries");
        Assert.Equal(50, first.GetProperty("items").GetArrayLength());
        var item = first.GetProperty("items")[0];
        foreach (var field in new[] { "id", "eventId", "eventType", "integrationId", "status", "attemptCount", "lastStatusCode", "nextAttemptAt", "createdAt", "replayOf" })
            Assert.True(item.TryGetProperty(field, out _), $"missing {field}");
        Assert.Equal(expected[0], item.GetProperty("id").GetString());
        Assert.False(item.TryGetProperty("payload", out _));

        var all = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?limit=70{(cursor is null ? "" : "&cursor=" + cursor)}");
            all.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null);
        Assert.Equal(5, pages);
        Assert.Equal(expected, all);
    }

    [Fact]
    public async Task Filters_combine_and_page_with_a_cursor()
    {
        var seeded = await SeedManyAsync();
        var expected = seeded
            .Where(d => d.Status == DeliveryStatus.Failed && d.IntegrationId == "int_a" && d.EventType == "participation.completed")
            .OrderByDescending(d => d.Id, StringComparer.Ordinal).Select(d => d.Id).ToList();
        Assert.True(expected.Count > 10);

        var first = await api.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=failed&integrationId=int_a&eventType=participation.completed&limit=10");
        var second = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?status=failed&integrationId=int_a&eventType=participation.completed&limit=10&cursor={first.GetProperty("nextCursor").GetString()}");
        Assert.Equal(expected.Take(20), Ids(first).Concat(Ids(second)));

        var several = await api.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=failed,retrying&limit=500");
        Assert.Equal(seeded.Count(d => d.Status is DeliveryStatus.Failed or DeliveryStatus.Retrying), Ids(several).Count);
        Assert.All(several.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("status").GetString(), new[] { "failed", "retrying" }));

        // `failing` names the same two statuses.
        var failing = await api.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=failing&limit=500");
        Assert.Equal(Ids(several), Ids(failing));
    }

    [Fact]
    public async Task Time_range_and_exact_searches()
    {
        var seeded = await SeedManyAsync();
        var from = T0.AddMinutes(100);
        var to = T0.AddMinutes(130);
        var range = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&limit=500");
        Assert.Equal(seeded.Where(d => d.CreatedAt >= from && d.CreatedAt < to).OrderByDescending(d => d.Id, StringComparer.Ordinal).Select(d => d.Id), Ids(range));

        var target = seeded[123];
        var byEvent = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?eventId={target.EventId}");
        Assert.Equal([target.Id], Ids(byEvent));
        foreach (var term in new[] { target.Id, target.EventId, target.MessageId })
        {
            Assert.Equal([target.Id], Ids(await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?search={term}")));
            // The page's links say q: the API takes that name too.
            Assert.Equal([target.Id], Ids(await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?q={term}")));
        }
        var bySubject = await api.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?search=part-7&limit=500");
        Assert.Equal(seeded.Where(d => d.SubjectId == "part-7").OrderByDescending(d => d.Id, StringComparer.Ordinal).Select(d => d.Id), Ids(bySubject));
        // Exact, not "contains".
        Assert.Empty(Ids(await api.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?search=part-")));
    }

    [Theory]
    [InlineData("status=delivered", "status")]
    [InlineData("eventType=order.created", "eventType")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_parameters_get_a_400_naming_the_field(string query, string field)
    {
        var response = await api.GetAsync("/api/v1/deliveries?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_status_is_refused_with_the_statuses_and_views_it_could_be()
    {
        var response = await api.GetAsync("/api/v1/deliveries?status=failing,broken");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("status")[0].GetString();
        Assert.Equal("Unknown status 'broken'. Use one of: scheduled, pending, sending, succeeded, retrying, failed, skipped, superseded (several separated by commas), or failing for retrying and failed.", message);
    }

    [Fact]
    public async Task Detail_has_the_payload_as_json_and_every_attempt()
    {
        await using (var db = factory.NewDb())
        {
            db.Integrations.Add(DeliverySeed.Integration("int_a", "Alpha CRM"));
            var d = DeliverySeed.Delivery("int_a", T0, DeliveryStatus.Failed, payload: """{"id":"p-1","state":"COMPLETED","score":7}""", attempts: 2, lastStatusCode: 500);
            db.Deliveries.Add(d);
            db.Attempts.AddRange(
                DeliverySeed.Attempt(d, 1, null, error: "Connection refused"),
                DeliverySeed.Attempt(d, 2, 500, body: """{"error":"database down"}"""));
            await db.SaveChangesAsync();
        }
        await using var read = factory.NewDb();
        var id = (await read.Deliveries.SingleAsync()).Id;

        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries/{id}");
        Assert.Equal(JsonValueKind.Object, detail.GetProperty("payload").ValueKind);
        Assert.Equal(7, detail.GetProperty("payload").GetProperty("score").GetInt32());
        var attempts = detail.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([1, 2], attempts.Select(a => a.GetProperty("number").GetInt32()));
        foreach (var field in new[] { "number", "startedAt", "durationMs", "statusCode", "requestHeaders", "responseHeaders", "responseBody", "error" })
            Assert.True(attempts[1].TryGetProperty(field, out _), $"missing {field}");
        Assert.Equal("Connection refused", attempts[0].GetProperty("error").GetString());
        Assert.Equal(500, attempts[1].GetProperty("statusCode").GetInt32());
        Assert.Equal("""{"error":"database down"}""", attempts[1].GetProperty("responseBody").GetString());
        Assert.Equal("application/json", attempts[1].GetProperty("requestHeaders").GetProperty("Content-Type").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/deliveries/dlv_nope")).StatusCode);
    }

    [Fact]
    public async Task Csv_export_streams_the_filtered_list()
    {
        var seeded = await SeedManyAsync();
        var response = await api.GetAsync("/api/v1/deliveries/export.csv?status=failed&integrationId=int_b");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,createdAt,status,eventId,eventType,integrationId,integrationName", lines[0]);
        var expected = seeded.Where(d => d.Status == DeliveryStatus.Failed && d.IntegrationId == "int_b").OrderByDescending(d => d.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Count, lines.Length - 1);
        Assert.StartsWith(expected[0].Id + ",", lines[1]);
        Assert.Contains(",Beta mailer,", lines[1]);
    }

    [Fact]
    public async Task A_program_manager_reads_but_may_not_replay()
    {
        var seeded = await SeedManyAsync();
        var pm = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.ProgramManager));
        Assert.Equal(HttpStatusCode.OK, (await pm.GetAsync("/api/v1/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pm.PostAsync($"/api/v1/deliveries/{seeded[0].Id}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pm.PostAsJsonAsync("/api/v1/deliveries/replay", new { status = "failed", dryRun = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiClient(null).PostAsync($"/api/v1/deliveries/{seeded[0].Id}/replay", null)).StatusCode);

        var support = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Support));
        Assert.Equal(HttpStatusCode.Accepted, (await support.PostAsync($"/api/v1/deliveries/{seeded[0].Id}/replay", null)).StatusCode);
    }
}
