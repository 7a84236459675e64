using System.Text.Json;
using System.Text.Json.Nodes;
using WebhookConsole.Ingest;
using WebhookConsole.MappingVariables;
using WebhookConsole.Routing.Payloads;
using WebhookConsole.Sources;

namespace WebhookConsole.Integrations;

/// <summary>
/// "Send test event": a sample participation (in Qualifio's 2.x shape, as the platform would report it) or loyalty event,
/// rendered by the same builders and with the same options as real deliveries, so the test body is exactly what the
/// receiver will get. Participation and member ids start with `test_` so receivers can tell them apart (a loyalty event id
/// keeps the `evt_` form its schema promises); campaign, website, form, opt-in and question ids are integers, as in
/// Qualifio's published example.
/// </summary>
public static class SamplePayloads
{
    /// <summary>Reference data the sample uses when the console has it, so the test looks like the real thing.</summary>
    public sealed record Context(Website? Website = null, Campaign? Campaign = null, LoyaltyProgram? Program = null, IReadOnlyList<MappingVariable>? Variables = null);

    public static byte[] For(Integration integration, DateTimeOffset now, Context? context = null)
    {
        context ??= new Context();
        if (integration.Kind == IntegrationKind.Loyalty)
        {
            var program = context.Program ?? new LoyaltyProgram { Id = "prg-sample", Name = "Sample Rewards" };
            using var loyalty = JsonDocument.Parse(LoyaltyData().ToJsonString());
            return LoyaltyPayloads.Build([new LoyaltyEventView(Ids.MinAt("evt", now), "loyalty.points_earned", now, program.Id, program.Name, loyalty.RootElement)]);
        }

        // Integer ids, as in Qualifio's published example, unless the console knows the real campaign and website.
        var website = context.Website ?? new Website { Id = "1234", Name = "Sample Website", Domain = "www.example.com", Country = "BE" };
        var campaign = context.Campaign ?? new Campaign { Id = "123456", WebsiteId = website.Id, Name = "Summer quiz", Type = "quiz" };
        using var raw = JsonDocument.Parse(ParticipationData(now, website).ToJsonString());
        var errors = new FieldErrors();
        var data = EventParser.ReadParticipationData(raw.RootElement, errors) ?? throw new InvalidOperationException("The sample participation does not parse: " + string.Join("; ", errors.ToDictionary().Keys));
        var view = new ParticipationView(data, raw.RootElement, ParticipationStates.Completed, campaign, website);
        return ParticipationPayloads.Build(integration.PayloadVersion, view, new ParticipationPayloadOptions(integration.SendAnswers, integration.SendLeads),
            new MappingVariableNames(context.Variables ?? []), now);
    }

    /// <summary>A completed participation as the platform reports it: Qualifio's participation object.</summary>
    public static JsonObject ParticipationData(DateTimeOffset now, Website website) => new()
    {
        ["id"] = "test_prt_" + now.ToUnixTimeMilliseconds(),
        ["ip"] = "203.0.113.42",
        ["url"] = $"https://{website.Domain}/summer-quiz?puid=test-publisher",
        ["startedAt"] = EventParser.Format(now.AddMinutes(-3).AddSeconds(-12)),
        ["completedAt"] = EventParser.Format(now.AddSeconds(-4)),
        ["browser"] = new JsonObject
        {
            ["device"] = "desktop",
            ["userAgent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        },
        ["form"] = new JsonArray(
            Field(101, "First name", "FIRSTNAME", "firstname", "Jane"),
            Field(102, "Last name", "LASTNAME", "lastname", "Doe"),
            Field(103, "E-mail", "EMAIL", "email", "jane.doe@example.com"),
            Field(104, "Phone", "PHONE", "phone", "+32470123456")),
        ["optins"] = new JsonArray(
            Optin(201, $"I want to receive the {website.Name} newsletter", "1", "newsletter"),
            Optin(202, "I accept offers from partners", "0", "partners")),
        ["questionnaire"] = new JsonArray(
            Question(301, "Which festival opens the summer season?", 10, "Sunny Beach Festival", true),
            Question(302, "How many stages does the festival have?", 0, "Four", false)),
        ["result"] = new JsonObject
        {
            ["score"] = 10,
            ["maxScore"] = 20,
            ["profile"] = "Festival expert",
            ["prizes"] = new JsonArray(new JsonObject { ["id"] = 401, ["name"] = "2 weekend tickets" }),
        },
    };

    private static JsonObject LoyaltyData() => new()
    {
        ["member"] = new JsonObject
        {
            ["id"] = "test_mbr_4821",
            ["email"] = "jane.doe@example.com",
            ["firstName"] = "Jane",
            ["lastName"] = "Doe",
            ["level"] = "Silver",
        },
        ["points"] = 50,
        ["balance"] = 1250,
        ["flow"] = new JsonObject { ["id"] = "flow-quiz-completed", ["name"] = "Complete a quiz" },
    };

    private static JsonObject Field(int id, string label, string type, string variable, string value) => new()
    {
        ["id"] = id,
        ["label"] = label,
        ["type"] = type,
        ["variable"] = variable,
        ["responses"] = new JsonArray(new JsonObject { ["value"] = value }),
    };

    private static JsonObject Optin(int id, string label, string response, string variable) => new()
    {
        ["id"] = id,
        ["label"] = label,
        ["description"] = label,
        ["response"] = response,
        ["variable"] = variable,
        ["categories"] = new JsonArray(new JsonObject { ["id"] = 118, ["label"] = "Newsletter & marketing", ["technicalName"] = "newsletter_marketing" }),
    };

    private static JsonObject Question(int id, string label, int score, string answer, bool correct) => new()
    {
        ["id"] = id,
        ["label"] = label,
        ["type"] = "MULTIPLE CHOICE",
        ["score"] = score,
        ["maxScore"] = 10,
        ["variable"] = null,
        ["responses"] = new JsonArray(new JsonObject { ["value"] = answer, ["score"] = score, ["isCorrect"] = correct }),
    };
}
