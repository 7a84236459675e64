using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;

using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Ingest;

/// <summary>
/// From <c>POST /api/v1/events</c> to a real receiver, for every event type, with the real dispatcher. The receiver
/// must get exactly the stored payload bytes, valid against the served schema.
/// </summary>
[Trait("Lane", "Integration")]
public class EventsEndToEndTests : IAsyncLifetime
{
    private readonly IngestFactory factory = (IngestFactory)new IngestFactory(fakeTime: false, recordQueue: false).With("Delivery:AllowPrivateNetworks", "true");
    private TestReceiver receiver = default!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_participation", url: receiver.BaseUrl + "/participation",
            configure: i => { i.SendAnswers = true; i.SendLeads = true; i.IncompleteSend = true; i.IncompleteDelaySeconds = 60; });
        await factory.AddIntegrationAsync("int_loyalty", IntegrationKind.Loyalty, url: receiver.BaseUrl + "/loyalty");
        await factory.AddRuleAsync("account", null, [.. EventTypes.Participation], "int_participation");
        await factory.AddRuleAsync("program", "prg-1", [.. EventTypes.Loyalty], "int_loyalty");
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    /// <summary>Every type that delivers something: `participation.updated` only refreshes a pending INCOMPLETE.</summary>
    public static TheoryData<string> AllTypes => new(EventTypes.All.Where(t => t != EventTypes.ParticipationUpdated));

    [Theory]
    [MemberData(nameof(AllTypes))]
    public async Task The_receiver_gets_the_documented_shape(string type)
    {
        var body = EventTypes.IsLoyalty(type)
            ? IngestFactory.Loyalty(type)
            : IngestFactory.Participation(type, "p-e2e", data: new
            {
                id = "p-e2e",
                // A start reported after its incomplete delay goes out at once.
                startedAt = EventParser.Format(DateTimeOffset.UtcNow.AddMinutes(-5)),
                form = new[] { new { id = "email", label = "E-mail", value = "ann@example.com" } },
            });
        var response = await factory.ApiClient().PostAsJsonAsync("/api/v1/events", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var request = await receiver.NextAsync(TimeSpan.FromSeconds(15), type);

        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        await using var db = factory.NewDb();
        var delivery = await db.Deliveries.SingleAsync();
        Assert.Equal(delivery.Payload, request.Body);
        var schemaName = EventTypes.IsLoyalty(type) ? "loyalty.json" : "participation-v2.json";
        var schema = JsonSchemaValidator.Parse(await factory.CreateClient().GetStringAsync($"/schemas/{schemaName}"));
        Assert.Empty(schema.Validate(Encoding.UTF8.GetString(request.Body)));
        var root = JsonDocument.Parse(request.Body).RootElement;
        if (type == EventTypes.ParticipationStarted) Assert.Equal("INCOMPLETE", root.GetProperty("state").GetString());
        if (type == EventTypes.ParticipationCompleted) Assert.Equal("COMPLETED", root.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_receiver_records_exact_bytes_and_headers()
    {
        using var client = new HttpClient();
        var bytes = Encoding.UTF8.GetBytes("""[{"id":"evt_x","note":"Café"}]""");
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        var response = await client.PostAsync(receiver.BaseUrl + "/loyalty", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = await receiver.NextAsync(TimeSpan.FromSeconds(5), "the direct post");
        Assert.Equal("/loyalty", request.Path);
        Assert.Equal(bytes, request.Body);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
    }
}
