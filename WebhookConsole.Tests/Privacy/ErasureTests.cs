using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Data.AtRest;
using WebhookConsole.Dispatch;
using WebhookConsole.Identity;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Privacy;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Privacy;

/// <summary>An erasure request removes one person's events, deliveries, attempts and captures, and nobody else's.</summary>
[Trait("Lane", "Integration")]
public class ErasureTests : IAsyncLifetime
{
    private const string Email = "jane.doe@example.com";
    private readonly IngestFactory factory = new(fakeTime: false, recordQueue: true);
    private HttpClient api = default!;

    /// <summary>SQLite here; the subclass runs the same on PostgreSQL.</summary>
    protected virtual Task OnProviderAsync(ConsoleFactory app) => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await OnProviderAsync(factory);
        api = factory.ApiClient();
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_p");
        await factory.AddIntegrationAsync("int_l", IntegrationKind.Loyalty);
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_l");
        await factory.AddRuleAsync("account", null, [EventTypes.ParticipationCompleted], "int_p");
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task An_erasure_by_email_leaves_nothing_of_the_person_findable_or_replayable()
    {
        await PostAsync(IngestFactory.Participation(EventTypes.ParticipationStarted, "p-jane"));
        await PostAsync(Completed("p-jane", Email));
        await PostAsync(Completed("p-other", "other@example.com"));
        await PostAsync(Member("mem-jane", Email));
        await PostAsync(Member("mem-bob", "bob@example.com"));
        var bin = await IngestFactory.JsonAsync(await api.PostAsJsonAsync("/api/v1/inspector/bins", new { name = "erasure" }));
        var binPath = new Uri(bin.GetProperty("url").GetString()!).AbsolutePath;
        await api.PostAsync(binPath, new StringContent("""{"member":{"email":"Jane.Doe@example.com"}}""", Encoding.UTF8, "application/json"));
        await api.PostAsync(binPath, new StringContent("""{"member":{"email":"bob@example.com"}}""", Encoding.UTF8, "application/json"));
        var janes = await DeliveriesAsync("p-jane", "mem-jane");
        Assert.Equal(2, janes.Count);
        await AddAttemptsAsync(janes);

        var response = await api.PostAsJsonAsync("/api/v1/privacy/erasures", new { email = "JANE.DOE@example.com" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await IngestFactory.JsonAsync(response);
        Assert.Equal(3, accepted.GetProperty("matched").GetInt32()); // the start, found through its completion, too
        var status = await WaitForCompletionAsync(accepted.GetProperty("id").GetString()!);
        Assert.Equal(3, status.GetProperty("eventsRemoved").GetInt32());
        Assert.Equal(2, status.GetProperty("deliveriesRemoved").GetInt32());
        Assert.Equal(2, status.GetProperty("attemptsRemoved").GetInt32());
        Assert.Equal(1, status.GetProperty("inspectorRequestsRemoved").GetInt32());
        Assert.DoesNotContain("jane", status.GetRawText(), StringComparison.OrdinalIgnoreCase);

        foreach (var search in new[] { "p-jane", "mem-jane" })
            Assert.Empty((await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?search={search}")).GetProperty("items").EnumerateArray());
        foreach (var d in janes)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/deliveries/{d.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/v1/deliveries/{d.Id}/replay", null)).StatusCode);
        }
        Assert.Empty(await StoredTextsAsync(t => t.Contains("jane", StringComparison.OrdinalIgnoreCase)));
        // Nobody else's data went with it.
        Assert.Equal(2, (await StoredTextsAsync(t => t.Contains("other@example.com") || t.Contains("bob@example.com"))).Count(t => t.StartsWith("event", StringComparison.Ordinal)));
        Assert.Single(await StoredTextsAsync(t => t.StartsWith("capture", StringComparison.Ordinal) && t.Contains("bob@example.com")));

        await using var db = factory.NewDb();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == ErasureService.EntityType).ToListAsync();
        Assert.Equal([ErasureService.RequestedAction, ErasureJob.CompletedAction], audit.OrderBy(a => a.Id).Select(a => a.Action));
        Assert.All(audit, a => Assert.DoesNotContain("jane", a.Before + a.After, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("\"deliveriesRemoved\":2", audit.Single(a => a.Action == ErasureJob.CompletedAction).After);
        Assert.Null((await db.Erasures.AsNoTracking().SingleAsync()).CriterionProtected);
    }

    [Fact]
    public async Task Erasure_and_search_by_email_find_the_person_through_the_blind_index_alone()
    {
        await PostAsync(Completed("p-jane", "Jane.Doe@Example.com"));
        await PostAsync(Completed("p-other", "other@example.com"));
        await using (var db = factory.NewDb())
        {
            var jane = await db.Events.SingleAsync(e => e.SubjectId == "p-jane");
            Assert.Equal(EmailIndex.Of(factory.Services.GetRequiredService<AtRestCipher>(), Email), jane.EmailHash);
            // The data no longer names the address: only the index can lead to the person now.
            jane.Data = """{"id":"p-jane"}""";
            await db.SaveChangesAsync();
        }

        var found = await api.GetFromJsonAsync<JsonElement>($"/api/v1/deliveries?search={Uri.EscapeDataString(" JANE.doe@example.com ")}");
        Assert.Equal("p-jane", Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("subjectId").GetString());
        var accepted = await IngestFactory.JsonAsync(await api.PostAsJsonAsync("/api/v1/privacy/erasures", new { email = "jane.doe@EXAMPLE.com" }));
        Assert.Equal(1, accepted.GetProperty("matched").GetInt32());
        await WaitForCompletionAsync(accepted.GetProperty("id").GetString()!);
        Assert.Empty(await DeliveriesAsync("p-jane"));
        Assert.Single(await DeliveriesAsync("p-other"));
    }

    [Fact]
    public async Task An_erasure_by_member_or_participation_id_takes_only_that_kind()
    {
        await PostAsync(Completed("shared-1", "p@example.com"));
        await PostAsync(Member("shared-1", "m@example.com"));

        var accepted = await IngestFactory.JsonAsync(await api.PostAsJsonAsync("/api/v1/privacy/erasures", new { memberId = "shared-1" }));
        Assert.Equal(1, accepted.GetProperty("matched").GetInt32());
        await WaitForCompletionAsync(accepted.GetProperty("id").GetString()!);
        var left = await DeliveriesAsync("shared-1");
        Assert.Equal(EventTypes.ParticipationCompleted, Assert.Single(left).EventType);

        accepted = await IngestFactory.JsonAsync(await api.PostAsJsonAsync("/api/v1/privacy/erasures", new { participationId = "shared-1" }));
        await WaitForCompletionAsync(accepted.GetProperty("id").GetString()!);
        Assert.Empty(await DeliveriesAsync("shared-1"));
        Assert.Empty(await StoredTextsAsync(t => t.StartsWith("event", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("{}", "memberId")]
    [InlineData("""{"memberId":"m1","email":"a@example.com"}""", "email")]
    [InlineData("""{"email":"not-an-address"}""", "email")]
    [InlineData("""{"participationId":"  "}""", "memberId")]
    public async Task A_request_without_exactly_one_identifier_gets_a_400_naming_the_field(string body, string field)
    {
        var response = await api.PostAsync("/api/v1/privacy/erasures", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await IngestFactory.JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
        await using var db = factory.NewDb();
        Assert.Empty(await db.Erasures.ToListAsync());
    }

    [Fact]
    public async Task Only_an_admin_may_erase()
    {
        foreach (var role in new[] { Roles.Support, Roles.ProgramManager })
        {
            var client = factory.ApiClient(await factory.CreateApiKeyAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/privacy/erasures", new { memberId = "m" })).StatusCode);
        }
    }

    private async Task PostAsync(object body) => Assert.Equal(HttpStatusCode.Accepted, (await factory.PostEventAsync(api, body)).StatusCode);

    private static object Completed(string participationId, string email) => IngestFactory.Participation(EventTypes.ParticipationCompleted, participationId,
        data: new { id = participationId, ip = "203.0.113.7", form = new[] { new { id = "email", label = "E-mail", value = email } } });

    private static object Member(string memberId, string email) => new
    {
        type = "loyalty.points_earned",
        source = new { programId = "prg-1" },
        data = new { member = new { id = memberId, email }, points = 10 },
    };

    private async Task<List<Delivery>> DeliveriesAsync(params string[] subjects)
    {
        await using var db = factory.NewDb();
        return await db.Deliveries.AsNoTracking().Where(d => subjects.Contains(d.SubjectId)).ToListAsync();
    }

    /// <summary>Attempts as the dispatcher records them, the receiver echoing the e-mail back.</summary>
    private async Task AddAttemptsAsync(IEnumerable<Delivery> deliveries)
    {
        await using var db = factory.NewDb();
        foreach (var d in deliveries)
            db.Attempts.Add(new Attempt
            {
                DeliveryId = d.Id,
                Number = 1,
                StartedAt = DateTimeOffset.UtcNow,
                DurationMs = 5,
                StatusCode = 500,
                RequestHeaders = $$"""{"webhook-id":"{{d.MessageId}}"}""",
                ResponseBody = $$"""{"error":"unknown {{Email}}"}""",
            });
        await db.SaveChangesAsync();
    }

    /// <summary>Every stored text that could hold personal data, labelled by table, that matches.</summary>
    private async Task<List<string>> StoredTextsAsync(Func<string, bool> match)
    {
        await using var db = factory.NewDb();
        var texts = new List<string>();
        texts.AddRange((await db.Events.AsNoTracking().ToListAsync()).Select(e => $"event {e.Id} {e.SubjectId} {e.Data}"));
        texts.AddRange((await db.Deliveries.AsNoTracking().ToListAsync()).Select(d => $"delivery {d.SubjectId} {Encoding.UTF8.GetString(d.Payload)}"));
        texts.AddRange((await db.Attempts.AsNoTracking().ToListAsync()).Select(a => $"attempt {a.RequestHeaders} {a.ResponseBody}"));
        texts.AddRange((await db.InspectedRequests.AsNoTracking().ToListAsync()).Select(r => $"capture {r.Headers} {Encoding.UTF8.GetString(r.Body)}"));
        return texts.Where(match).ToList();
    }

    private async Task<JsonElement> WaitForCompletionAsync(string id)
    {
        for (var i = 0; ; i++)
        {
            var status = await api.GetFromJsonAsync<JsonElement>($"/api/v1/privacy/erasures/{id}");
            if (status.GetProperty("status").GetString() == ErasureStatus.Completed) return status;
            if (i > 600) Assert.Fail($"Erasure {id} did not complete: {status}");
            await Task.Delay(100);
        }
    }
}

/// <summary>The same on PostgreSQL.</summary>
[Trait("Lane", "Postgres")]
public class ErasureOnPostgresTests : ErasureTests
{
    protected override Task OnProviderAsync(ConsoleFactory app) => app.OnPostgresAsync();
}
