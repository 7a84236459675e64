using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;
using WebhookConsole.Identity;
using WebhookConsole.Integrations;

namespace WebhookConsole.Tests.Ingest;

[Trait("Lane", "Integration")]
public class EventsApiTests : IAsyncLifetime
{
    private readonly IngestFactory factory = new();
    private HttpClient api = default!;

    public async Task InitializeAsync()
    {
        api = factory.ApiClient();
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_crm");
        await factory.AddIntegrationAsync("int_site2", websiteId: "web-2");
        await factory.AddIntegrationAsync("int_loyalty", IntegrationKind.Loyalty);
        await factory.AddRuleAsync("account", null, ["participation.completed"], "int_crm", "int_site2");
        await factory.AddRuleAsync("program", "prg-1", ["loyalty.points_earned", "loyalty.level_changed"], "int_loyalty");
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_completed_participation_is_stored_with_its_deliveries_before_the_202()
    {
        var response = await api.PostAsJsonAsync("/api/v1/events", new
        {
            type = "participation.completed",
            occurredAt = "2026-01-01T10:00:00+01:00",
            source = new { websiteId = "web-1", campaignId = "cmp-1" },
            data = new { id = "p-1", ip = "203.0.113.7" },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await IngestFactory.JsonAsync(response);
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("evt_", id);
        Assert.Equal($"/api/v1/events/{id}", response.Headers.Location?.OriginalString);
        var delivery = Assert.Single(body.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("int_crm", delivery.GetProperty("integrationId").GetString());
        Assert.Equal("pending", delivery.GetProperty("status").GetString());

        await using var db = factory.NewDb();
        var stored = await db.Events.SingleAsync();
        Assert.Equal((id, "participation.completed", "web-1", "cmp-1", "p-1"), (stored.Id, stored.Type, stored.WebsiteId, stored.CampaignId, stored.SubjectId));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero), stored.OccurredAt);
        Assert.Equal(factory.Time.GetUtcNow().ToUnixTimeMilliseconds(), stored.ReceivedAt.ToUnixTimeMilliseconds());
        // The website-scoped integration of web-2 never gets web-1's events.
        var row = await db.Deliveries.SingleAsync();
        Assert.Equal((delivery.GetProperty("id").GetString(), id, "int_crm", "p-1"), (row.Id, row.EventId, row.IntegrationId, row.SubjectId));
        Assert.StartsWith("msg_", row.MessageId);
        Assert.Equal("p-1", JsonDocument.Parse(row.Payload).RootElement.GetProperty("id").GetString());
        Assert.Equal([(row.Id, (DateTimeOffset?)null)], factory.Queue.Enqueued.ToArray());
    }

    [Fact]
    public async Task A_loyalty_event_gets_an_array_payload_naming_the_event()
    {
        var response = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Loyalty("loyalty.points_earned"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await IngestFactory.JsonAsync(response)).GetProperty("id").GetString();

        await using var db = factory.NewDb();
        var delivery = await db.Deliveries.SingleAsync();
        Assert.Equal("int_loyalty", delivery.IntegrationId);
        Assert.Equal("mem-1", delivery.SubjectId);
        var item = Assert.Single(JsonDocument.Parse(delivery.Payload).RootElement.EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.Equal("Gazette Rewards", item.GetProperty("program").GetProperty("name").GetString());
        Assert.Equal(10, item.GetProperty("data").GetProperty("points").GetInt32());
        Assert.False(item.GetProperty("data").TryGetProperty("member", out _));
    }

    [Fact]
    public async Task An_event_no_rule_routes_is_stored_with_no_deliveries()
    {
        var response = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Loyalty("loyalty.portal_visited"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, (await IngestFactory.JsonAsync(response)).GetProperty("deliveries").GetArrayLength());
        await using var db = factory.NewDb();
        Assert.Equal(1, await db.Events.CountAsync());
        Assert.Equal(0, await db.Deliveries.CountAsync());
    }

    private const string Big = "BIG";

    public static TheoryData<string, string, int, string> BadEvents => new()
    {
        { "malformed JSON", """{"type": "participation.completed", """, 400, "body" },
        { "empty body", "", 400, "body" },
        { "not an object", """["participation.completed"]""", 400, "body" },
        { "missing type", """{"source":{"campaignId":"cmp-1"},"data":{"id":"p"}}""", 400, "type" },
        { "unknown type", """{"type":"participation.finished","source":{"campaignId":"cmp-1"},"data":{"id":"p"}}""", 400, "type" },
        { "type not a string", """{"type":7,"source":{"campaignId":"cmp-1"},"data":{"id":"p"}}""", 400, "type" },
        { "unknown envelope field", """{"type":"participation.completed","occured_at":"2026-01-01T00:00:00Z","source":{"campaignId":"cmp-1"},"data":{"id":"p"}}""", 400, "occured_at" },
        { "occurredAt not a date", """{"type":"participation.completed","occurredAt":"yesterday","source":{"campaignId":"cmp-1"},"data":{"id":"p"}}""", 400, "occurredAt" },
        { "occurredAt without offset", """{"type":"participation.completed","occurredAt":"2026-01-01T10:00:00","source":{"campaignId":"cmp-1"},"data":{"id":"p"}}""", 400, "occurredAt" },
        { "occurredAt far ahead", """{"type":"participation.completed","occurredAt":"FUTURE","source":{"campaignId":"cmp-1"},"data":{"id":"p"}}""", 400, "occurredAt" },
        { "occurredAt far back", """{"type":"participation.completed","occurredAt":"PAST","source":{"campaignId":"cmp-1"},"data":{"id":"p"}}""", 400, "occurredAt" },
        { "missing source", """{"type":"participation.completed","data":{"id":"p"}}""", 400, "source" },
        { "unknown source field", """{"type":"participation.completed","source":{"campaignId":"cmp-1","shopId":"s"},"data":{"id":"p"}}""", 400, "source.shopId" },
        { "participation without campaign", """{"type":"participation.completed","source":{"websiteId":"web-1"},"data":{"id":"p"}}""", 400, "source.campaignId" },
        { "participation with a program", """{"type":"participation.completed","source":{"campaignId":"cmp-1","programId":"prg-1"},"data":{"id":"p"}}""", 400, "source.programId" },
        { "unknown campaign", """{"type":"participation.completed","source":{"campaignId":"cmp-404"},"data":{"id":"p"}}""", 400, "source.campaignId" },
        { "campaign of another website", """{"type":"participation.completed","source":{"websiteId":"web-2","campaignId":"cmp-1"},"data":{"id":"p"}}""", 400, "source.websiteId" },
        { "unknown website", """{"type":"participation.completed","source":{"websiteId":"web-404","campaignId":"cmp-1"},"data":{"id":"p"}}""", 400, "source.websiteId" },
        { "missing data", """{"type":"participation.completed","source":{"campaignId":"cmp-1"}}""", 400, "data" },
        { "data not an object", """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":"p"}""", 400, "data" },
        { "participation without id", """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{"ip":"1.2.3.4"}}""", 400, "data.id" },
        { "participation id empty", """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{"id":" "}}""", 400, "data.id" },
        { "data campaign not the source campaign", """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{"id":"p","campaign":{"id":"cmp-2"}}}""", 400, "data.campaign.id" },
        { "form not a list", """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{"id":"p","form":{"email":"x"}}}""", 400, "data.form" },
        { "form field without id", """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{"id":"p","form":[{"id":"a","value":"1"},{"value":"2"}]}}""", 400, "data.form[1].id" },
        { "opt-in value not a boolean", """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{"id":"p","optins":[{"id":"o","value":"yes"}]}}""", 400, "data.optins[0].value" },
        { "question without answers", """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{"id":"p","questionnaire":[{"questionId":"q"}]}}""", 400, "data.questionnaire[0].answers" },
        { "score not a number", """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{"id":"p","result":{"score":"7"}}}""", 400, "data.result.score" },
        { "prize without name", """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{"id":"p","result":{"prizes":[{"id":"x"}]}}}""", 400, "data.result.prizes[0].name" },
        { "completed before started", """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{"id":"p","startedAt":"2026-01-01T10:00:00Z","completedAt":"2026-01-01T09:00:00Z"}}""", 400, "data.completedAt" },
        { "loyalty without member", """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"points":5}}""", 400, "data.member" },
        { "loyalty member without id", """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"email":"a@b.c"}}}""", 400, "data.member.id" },
        { "loyalty member id an object", """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":{"x":1}}}}""", 400, "data.member.id" },
        { "loyalty without program", """{"type":"loyalty.points_earned","source":{},"data":{"member":{"id":"m"}}}""", 400, "source.programId" },
        { "loyalty with a campaign", """{"type":"loyalty.points_earned","source":{"programId":"prg-1","campaignId":"cmp-1"},"data":{"member":{"id":"m"}}}""", 400, "source.campaignId" },
        { "unknown program", """{"type":"loyalty.points_earned","source":{"programId":"prg-404"},"data":{"member":{"id":"m"}}}""", 400, "source.programId" },
        { "empty idempotency key", """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m"}},"idempotencyKey":""}""", 400, "idempotencyKey" },
        { "idempotency key too long", """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m"}},"idempotencyKey":"LONGKEY"}""", 400, "idempotencyKey" },
        { "body over 256 KiB", Big, 413, "body" },
        { "lone surrogate in a data field", """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m-1"},"note":"a\ud800b"}}""", 400, "data.note" },
        { "lone surrogate in the member id", """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m\udc00"}}}""", 400, "data.member.id" },
        { "lone surrogate in a property name", """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m-1"},"no\ud800te":"a"}}""", 400, "body" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task Bad_input_is_refused_naming_the_field_and_writes_nothing(string name, string body, int status, string field)
    {
        var now = factory.Time.GetUtcNow();
        body = body
            .Replace("FUTURE", now.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Replace("PAST", now.AddYears(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Replace("LONGKEY", new string('k', 257));
        if (body == Big)
            body = """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m"},"blob":"BLOB"}}""".Replace("BLOB", new string('x', 260 * 1024));

        var response = await api.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(status == (int)response.StatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await IngestFactory.JsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages),
            $"{name}: expected an error on '{field}', got {problem.GetProperty("errors")}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        var response = await api.PostAsync("/api/v1/events", new StringContent("type=participation.completed", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.True((await IngestFactory.JsonAsync(response)).GetProperty("errors").TryGetProperty("Content-Type", out _));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Malformed_json_says_where()
    {
        var response = await api.PostAsync("/api/v1/events", new StringContent("{\n  \"type\": \"participation.completed\",\n  \"source\": {\"campaignId\": \"cmp-1\",}\n}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 3", (await IngestFactory.JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var response = await api.PostAsync("/api/v1/events", new StringContent(
            """{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{"form":[{}],"optins":[{"id":"o"}]}}""", Encoding.UTF8, "application/json"));
        var errors = (await IngestFactory.JsonAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("data.id", out _));
        Assert.True(errors.TryGetProperty("data.form[0].id", out _));
        Assert.True(errors.TryGetProperty("data.optins[0].response", out _));
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_the_same_id_and_stores_nothing_new()
    {
        var first = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation("participation.completed", "p-1", key: "order-1"));
        var again = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation("participation.completed", "p-1", key: "order-1"));
        using var viaHeader = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = JsonContent.Create(IngestFactory.Participation("participation.completed", "p-1")) };
        viaHeader.Headers.Add("Idempotency-Key", "order-1");
        var third = await api.SendAsync(viaHeader);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
        var firstBody = await IngestFactory.JsonAsync(first);
        var againBody = await IngestFactory.JsonAsync(again);
        Assert.Equal(firstBody.GetProperty("id").GetString(), againBody.GetProperty("id").GetString());
        Assert.Equal(firstBody.GetProperty("id").GetString(), (await IngestFactory.JsonAsync(third)).GetProperty("id").GetString());
        Assert.Equal(firstBody.GetProperty("deliveries").GetRawText(), againBody.GetProperty("deliveries").GetRawText());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        await using var db = factory.NewDb();
        Assert.Equal(1, await db.Events.CountAsync());
        Assert.Equal(1, await db.Deliveries.CountAsync());
        Assert.Single(factory.Queue.Enqueued);
    }

    [Fact]
    public async Task Twenty_concurrent_posts_with_one_key_store_one_event()
    {
        var clients = Enumerable.Range(0, 20).Select(_ => factory.ApiClient()).ToList();
        var responses = await Task.WhenAll(clients.Select(c =>
            c.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation("participation.completed", "p-race", key: "race-key"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await IngestFactory.JsonAsync(r)).GetProperty("id").GetString()));
        Assert.Single(ids.Distinct());
        await using var db = factory.NewDb();
        Assert.Equal(1, await db.Events.CountAsync());
        Assert.Equal(1, await db.Deliveries.CountAsync());
        Assert.Single(factory.Queue.Enqueued);
    }

    [Fact]
    public async Task A_key_reused_for_another_type_is_a_conflict()
    {
        await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation("participation.started", "p-1", key: "k"));
        var response = await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Participation("participation.completed", "p-1", key: "k"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("participation.started", (await IngestFactory.JsonAsync(response)).GetProperty("detail").GetString());
        await using var db = factory.NewDb();
        Assert.Equal(1, await db.Events.CountAsync());
    }

    [Fact]
    public async Task Header_and_body_keys_must_agree()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = JsonContent.Create(IngestFactory.Participation("participation.completed", "p-1", key: "a")) };
        request.Headers.Add("Idempotency-Key", "b");
        var response = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await IngestFactory.JsonAsync(response)).GetProperty("errors").TryGetProperty("idempotencyKey", out _));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_batch_is_stored_whole_with_ids_in_order()
    {
        var response = await api.PostAsJsonAsync("/api/v1/events/batch", new
        {
            events = new[]
            {
                IngestFactory.Participation("participation.completed", "p-1"),
                IngestFactory.Loyalty("loyalty.points_earned", key: "l-1"),
                IngestFactory.Loyalty("loyalty.points_earned", key: "l-1"),
                IngestFactory.Loyalty("loyalty.level_changed", "mem-2"),
            },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ids = (await IngestFactory.JsonAsync(response)).GetProperty("ids").EnumerateArray().Select(i => i.GetString()).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal(ids[1], ids[2]);
        await using var db = factory.NewDb();
        Assert.Equal(ids.Distinct().OrderBy(i => i), (await db.Events.Select(e => e.Id).ToListAsync()).OrderBy(i => i));
        Assert.Equal(3, await db.Deliveries.CountAsync());
        Assert.Equal(3, factory.Queue.Enqueued.Count);
    }

    public static TheoryData<string, string, int, string> BadBatches => new()
    {
        { "not an object", """[]""", 400, "body" },
        { "no events", """{}""", 400, "events" },
        { "events not a list", """{"events":{}}""", 400, "events" },
        { "empty", """{"events":[]}""", 400, "events" },
        { "unknown field", """{"events":[{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m"}}}],"dryRun":true}""", 400, "dryRun" },
        { "one bad event among good ones", """{"events":[GOOD,GOOD,{"type":"loyalty.nope","source":{"programId":"prg-1"},"data":{"member":{"id":"m"}}},GOOD]}""", 400, "events[2].type" },
        { "one event of an unknown program", """{"events":[GOOD,{"type":"loyalty.points_earned","source":{"programId":"prg-9"},"data":{"member":{"id":"m"}}}]}""", 400, "events[1].source.programId" },
        { "one event not an object", """{"events":[GOOD,42]}""", 400, "events[1]" },
        { "one event over 256 KiB", """{"events":[GOOD,BIG]}""", 413, "events[1]" },
        { "more than 1000 events", "MANY", 400, "events" },
        { "lone surrogate in an event's property name", """{"events":[GOOD,{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m"},"\udc00":1}}]}""", 400, "events[1]" },
        { "lone surrogate in the batch's property name", """{"ev\ud800ents":[GOOD]}""", 400, "body" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task A_bad_batch_is_refused_whole_naming_the_event_and_field(string name, string body, int status, string field)
    {
        const string good = """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m"}}}""";
        body = body.Replace("GOOD", good)
            .Replace("BIG", """{"type":"loyalty.points_earned","source":{"programId":"prg-1"},"data":{"member":{"id":"m"},"blob":"BLOB"}}""".Replace("BLOB", new string('x', 260 * 1024)));
        if (body == "MANY") body = $$"""{"events":[{{string.Join(",", Enumerable.Repeat(good, 1001))}}]}""";

        var response = await api.PostAsync("/api/v1/events/batch", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(status == (int)response.StatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await IngestFactory.JsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{name}: expected '{field}', got {problem.GetProperty("errors")}");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_batch_of_1000_is_accepted()
    {
        var events = Enumerable.Range(0, 1000).Select(i => IngestFactory.Loyalty("loyalty.points_earned", $"mem-{i}")).ToArray();
        var response = await api.PostAsJsonAsync("/api/v1/events/batch", new { events });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = factory.NewDb();
        Assert.Equal(1000, await db.Events.CountAsync());
        Assert.Equal(1000, await db.Deliveries.CountAsync());
    }

    [Theory]
    [InlineData(Roles.ProgramManager)]
    [InlineData(Roles.Support)]
    public async Task Only_admin_keys_may_report_events(string role)
    {
        var client = factory.ApiClient(await factory.CreateApiKeyAsync(role));
        var response = await client.PostAsJsonAsync("/api/v1/events", IngestFactory.Loyalty("loyalty.points_earned"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiClient(null).PostAsJsonAsync("/api/v1/events/batch", new { events = Array.Empty<object>() })).StatusCode);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_event_can_be_read_back_with_its_deliveries()
    {
        var accepted = await IngestFactory.JsonAsync(await api.PostAsJsonAsync("/api/v1/events", IngestFactory.Loyalty("loyalty.points_earned")));
        var id = accepted.GetProperty("id").GetString();
        var support = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Support));

        var view = await support.GetFromJsonAsync<JsonElement>($"/api/v1/events/{id}");

        Assert.Equal("prg-1", view.GetProperty("source").GetProperty("programId").GetString());
        Assert.Equal("mem-1", view.GetProperty("data").GetProperty("member").GetProperty("id").GetString());
        Assert.Equal(accepted.GetProperty("deliveries").GetRawText(), view.GetProperty("deliveries").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync("/api/v1/events/evt_nope")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_events_api()
    {
        var doc = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var post = doc.GetProperty("paths").GetProperty("/api/v1/events").GetProperty("post");
        Assert.Contains("participationData", post.GetProperty("description").GetString());
        Assert.True(post.GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/events/batch", out _));
    }

    private async Task AssertNothingStoredAsync()
    {
        await using var db = factory.NewDb();
        Assert.Equal(0, await db.Events.CountAsync());
        Assert.Equal(0, await db.Deliveries.CountAsync());
        Assert.Empty(factory.Queue.Enqueued);
    }
}
