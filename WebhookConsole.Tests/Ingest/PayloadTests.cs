using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using WebhookConsole.Ingest;
using WebhookConsole.Ingest.Payloads;
using WebhookConsole.MappingVariables;
using WebhookConsole.Sources;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Ingest;

/// <summary>Golden payloads: exact bytes, and valid against the schemas the app serves.</summary>
public class PayloadTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    public const string RichParticipation = """
        {
          "id": "p-1001",
          "ip": "203.0.113.7",
          "url": "https://sunnyradio.example/quiz",
          "browser": "Mozilla/5.0 Firefox/128.0",
          "startedAt": "2026-03-01T10:00:00Z",
          "completedAt": "2026-03-01T11:04:30.5+01:00",
          "campaign": { "id": "cmp-1" },
          "form": [
            { "id": "email", "label": "E-mail", "value": "ann@example.com" },
            { "id": "age", "label": "Age", "value": 42 }
          ],
          "optins": [
            { "id": "newsletter", "label": "Newsletter", "value": true },
            { "id": "partners", "label": "Partner offers", "value": false }
          ],
          "questionnaire": [
            { "questionId": "q1", "question": "Favourite colours?", "answers": [ { "id": "a1", "answer": "Blue" }, { "id": "a3", "answer": "Green" } ] },
            { "questionId": 2, "question": "Café or tea?", "answers": [ { "answer": "Café" } ] }
          ],
          "result": { "score": 7.50, "maxScore": 10, "profile": "Explorer", "prizes": [ { "id": "pz1", "name": "Concert tickets" } ] },
          "somethingNew": "ignored"
        }
        """;

    private static readonly Campaign Campaign = new() { Id = "cmp-1", WebsiteId = "web-1", Name = "Summer quiz", Type = "quiz" };
    private static readonly Website Website = new() { Id = "web-1", Name = "Sunny Radio", Domain = "sunnyradio.example", Country = "BE" };

    private static readonly MappingVariable[] Variables =
    [
        new() { Id = "v1", Name = "fav_colours", Label = "Favourite colours", Type = MappingVariableTypes.Answer, SourceId = "q1" },
        new() { Id = "v2", Name = "newsletter", Label = "Newsletter", Type = MappingVariableTypes.Optin, SourceId = "newsletter" },
        new() { Id = "v3", Name = "partners", Label = "Partners", Type = MappingVariableTypes.Optin, SourceId = "partners" },
        new() { Id = "v4", Name = "sms", Label = "SMS", Type = MappingVariableTypes.Optin, SourceId = "sms" },
        new() { Id = "v5", Name = "unanswered", Label = "Not asked", Type = MappingVariableTypes.Answer, SourceId = "q9" },
    ];

    public static ParticipationData Parse(string data)
    {
        var errors = new FieldErrors();
        using var doc = JsonDocument.Parse($$"""{"type":"participation.completed","source":{"campaignId":"cmp-1"},"data":{{data}}}""");
        var parsed = EventParser.Parse(doc.RootElement, "", null, errors);
        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        return parsed!.Participation!;
    }

    private async Task<JsonSchemaValidator> ServedSchemaAsync(string name)
    {
        var response = await factory.CreateClient().GetAsync($"/schemas/{name}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonSchemaValidator.Parse(await response.Content.ReadAsStringAsync());
    }

    private static void AssertGolden(string expected, byte[] actual)
    {
        var canonical = JsonNode.Parse(expected)!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Equal(canonical, Encoding.UTF8.GetString(actual));
    }

    private static void AssertValid(JsonSchemaValidator schema, byte[] payload)
    {
        var errors = schema.Validate(Encoding.UTF8.GetString(payload));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Version_2_with_answers_and_leads_is_the_golden_payload_and_valid()
    {
        var payload = ParticipationPayloads.V2(Parse(RichParticipation), ParticipationStates.Completed, Campaign, Website, new(true, true), Variables);

        AssertGolden("""
            {
              "id": "p-1001",
              "ip": "203.0.113.7",
              "url": "https://sunnyradio.example/quiz",
              "startedAt": "2026-03-01T10:00:00.000Z",
              "completedAt": "2026-03-01T10:04:30.500Z",
              "state": "COMPLETED",
              "browser": "Mozilla/5.0 Firefox/128.0",
              "campaign": { "id": "cmp-1", "name": "Summer quiz", "type": "quiz",
                "channel": { "website": { "id": "web-1", "name": "Sunny Radio", "domain": "sunnyradio.example", "country": "BE" } } },
              "form": [ { "id": "email", "label": "E-mail", "value": "ann@example.com" }, { "id": "age", "label": "Age", "value": "42" } ],
              "optins": [ { "id": "newsletter", "label": "Newsletter", "value": true }, { "id": "partners", "label": "Partner offers", "value": false } ],
              "questionnaire": [
                { "questionId": "q1", "question": "Favourite colours?", "answers": [ { "id": "a1", "answer": "Blue" }, { "id": "a3", "answer": "Green" } ] },
                { "questionId": "2", "question": "Café or tea?", "answers": [ { "id": null, "answer": "Café" } ] }
              ],
              "result": { "score": 7.5, "maxScore": 10, "profile": "Explorer", "prizes": [ { "id": "pz1", "name": "Concert tickets" } ] },
              "variables": { "fav_colours": "Blue, Green", "newsletter": "1", "partners": "0", "sms": "", "unanswered": "" }
            }
            """, payload);
        AssertValid(await ServedSchemaAsync("participation-v2.json"), payload);
    }

    [Fact]
    public async Task Version_2_leaves_out_answers_and_leads_unless_asked()
    {
        var schema = await ServedSchemaAsync("participation-v2.json");
        var data = Parse(RichParticipation);
        foreach (var (answers, leads) in new[] { (false, false), (true, false), (false, true) })
        {
            var payload = ParticipationPayloads.V2(data, ParticipationStates.Completed, Campaign, Website, new(answers, leads), Variables);
            AssertValid(schema, payload);
            var root = JsonDocument.Parse(payload).RootElement;
            Assert.Equal(answers, root.TryGetProperty("questionnaire", out _));
            Assert.Equal(leads, root.TryGetProperty("form", out _));
            Assert.Equal(leads, root.TryGetProperty("optins", out _));
            // Mapping variables are chosen by an admin and always travel.
            Assert.Equal("1", root.GetProperty("variables").GetProperty("newsletter").GetString());
        }
    }

    [Fact]
    public async Task A_minimal_incomplete_participation_is_valid_with_nulls_and_empty_lists()
    {
        var payload = ParticipationPayloads.V2(Parse("""{"id":"p-2","startedAt":"2026-03-01T10:00:00Z"}"""), ParticipationStates.Incomplete,
            Campaign, Website, new(true, true), []);

        AssertGolden("""
            {
              "id": "p-2", "ip": null, "url": null, "startedAt": "2026-03-01T10:00:00.000Z", "completedAt": null, "state": "INCOMPLETE", "browser": null,
              "campaign": { "id": "cmp-1", "name": "Summer quiz", "type": "quiz",
                "channel": { "website": { "id": "web-1", "name": "Sunny Radio", "domain": "sunnyradio.example", "country": "BE" } } },
              "form": [], "optins": [], "questionnaire": [],
              "result": { "score": null, "maxScore": null, "profile": null, "prizes": [] },
              "variables": {}
            }
            """, payload);
        AssertValid(await ServedSchemaAsync("participation-v2.json"), payload);
    }

    [Fact]
    public async Task Version_1_is_the_golden_flat_payload_and_valid()
    {
        var payload = ParticipationPayloads.V1(Parse(RichParticipation), ParticipationStates.Completed, Campaign, Website, new(true, true), Variables);

        AssertGolden("""
            {
              "participationId": "p-1001", "state": "COMPLETED", "startedAt": "2026-03-01T10:00:00.000Z", "completedAt": "2026-03-01T10:04:30.500Z",
              "ip": "203.0.113.7", "url": "https://sunnyradio.example/quiz", "browser": "Mozilla/5.0 Firefox/128.0",
              "campaignId": "cmp-1", "campaignName": "Summer quiz", "campaignType": "quiz",
              "websiteId": "web-1", "websiteName": "Sunny Radio", "websiteDomain": "sunnyradio.example", "websiteCountry": "BE",
              "score": "7.5", "maxScore": "10", "profile": "Explorer", "prizes": "Concert tickets",
              "form_email": "ann@example.com", "form_age": "42", "optin_newsletter": "1", "optin_partners": "0",
              "question_q1": "Blue, Green", "question_2": "Café",
              "var_fav_colours": "Blue, Green", "var_newsletter": "1", "var_partners": "0", "var_sms": "", "var_unanswered": ""
            }
            """, payload);
        AssertValid(await ServedSchemaAsync("participation-v1.json"), payload);

        var incomplete = ParticipationPayloads.V1(Parse("""{"id":"p-3"}"""), ParticipationStates.Incomplete, Campaign, Website, new(false, false), []);
        AssertValid(await ServedSchemaAsync("participation-v1.json"), incomplete);
        Assert.Equal("", JsonDocument.Parse(incomplete).RootElement.GetProperty("completedAt").GetString());
    }

    [Fact]
    public async Task Loyalty_payload_is_the_golden_array_and_valid_for_every_loyalty_type()
    {
        using var data = JsonDocument.Parse("""{"member":{"id":"mem-9","email":"ann@example.com","tier":"gold"},"points":25,"balance":125,"reason":"Quiz won"}""");
        var view = new LoyaltyEventView("evt_01jnq3v2a8m4k7x9d0c5b6e7f8", "loyalty.points_earned",
            new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero), "prg-1", "Gazette Rewards", data.RootElement);
        var payload = LoyaltyPayloads.Build([view]);

        AssertGolden("""
            [
              {
                "id": "evt_01jnq3v2a8m4k7x9d0c5b6e7f8",
                "type": "loyalty.points_earned",
                "occurredAt": "2026-03-01T09:30:00.000Z",
                "program": { "id": "prg-1", "name": "Gazette Rewards" },
                "member": { "id": "mem-9", "email": "ann@example.com", "tier": "gold" },
                "data": { "points": 25, "balance": 125, "reason": "Quiz won" }
              }
            ]
            """, payload);

        var schema = await ServedSchemaAsync("loyalty.json");
        foreach (var type in EventTypes.Loyalty)
            AssertValid(schema, LoyaltyPayloads.Build([view with { Type = type }, view with { Type = type }]));
    }

    [Fact]
    public async Task The_request_schema_accepts_what_the_parser_accepts_and_refuses_what_it_refuses()
    {
        var schema = await ServedSchemaAsync("event-request.json");
        string[] good =
        [
            $$"""{"type":"participation.completed","occurredAt":"2026-03-01T10:05:00Z","source":{"websiteId":"web-1","campaignId":"cmp-1"},"data":{{RichParticipation}},"idempotencyKey":"k-1"}""",
            """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{"id":"p-1"}}""",
            """{"type":"loyalty.level_changed","source":{"programId":"prg-1"},"data":{"member":{"id":42},"level":{"from":"silver","to":"gold"}}}""",
        ];
        string[] bad =
        [
            """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{}}""",
            """{"type":"loyalty.level_changed","source":{"programId":"prg-1"},"data":{"member":{}}}""",
            """{"type":"loyalty.level_changed","source":{"campaignId":"cmp-1"},"data":{"member":{"id":"m"}}}""",
            """{"type":"nope","source":{"campaignId":"cmp-1"},"data":{"id":"p"}}""",
            """{"type":"participation.started","source":{"campaignId":"cmp-1"},"data":{"id":"p","optins":[{"id":"o","value":"yes"}]}}""",
        ];
        foreach (var json in good)
        {
            Assert.Empty(schema.Validate(json));
            var errors = new FieldErrors();
            Assert.NotNull(EventParser.Parse(JsonDocument.Parse(json).RootElement, "", null, errors));
        }
        foreach (var json in bad)
        {
            Assert.NotEmpty(schema.Validate(json));
            var errors = new FieldErrors();
            Assert.Null(EventParser.Parse(JsonDocument.Parse(json).RootElement, "", null, errors));
        }
    }

    [Theory]
    [InlineData("participation-v2.json")]
    [InlineData("participation-v1.json")]
    [InlineData("loyalty.json")]
    [InlineData("event-request.json")]
    public async Task Schemas_are_served_as_draft_2020_12(string name)
    {
        var response = await factory.CreateClient().GetAsync($"/schemas/{name}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal($"/schemas/{name}", root.GetProperty("$id").GetString());
    }
}
