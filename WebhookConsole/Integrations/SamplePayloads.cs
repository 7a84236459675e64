using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WebhookConsole.Sources;

namespace WebhookConsole.Integrations;

/// <summary>
/// Realistic sample bodies for "Send test event", shaped like real deliveries (SPEC §5): a participation is
/// one object (seed 000's 2.x shape, answers and leads only when the integration sends them); a loyalty
/// delivery is an array of event objects (seed 003). Ids start with `test_` so receivers can tell them apart.
/// </summary>
public static class SamplePayloads
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reference data the sample uses when the console has it, so the test looks like the real thing.</summary>
    public sealed record Context(Website? Website = null, Campaign? Campaign = null, LoyaltyProgram? Program = null, IReadOnlyList<string>? Variables = null);

    public static byte[] For(Integration integration, DateTimeOffset now, Context? context = null)
    {
        context ??= new Context();
        JsonNode node = integration.Kind == IntegrationKind.Loyalty
            ? Loyalty(now, context)
            : integration.PayloadVersion == IntegrationValidator.LegacyPayloadVersion
                ? ParticipationV1(integration, now, context)
                : ParticipationV2(integration, now, context);
        return Encoding.UTF8.GetBytes(node.ToJsonString(Json));
    }

    public static JsonObject ParticipationV2(Integration integration, DateTimeOffset now, Context context)
    {
        var (website, campaign) = Sources(context);
        var started = now.AddMinutes(-3).AddSeconds(-12);
        var participation = new JsonObject
        {
            ["id"] = "test_prt_" + now.ToUnixTimeMilliseconds(),
            ["ip"] = "203.0.113.42",
            ["url"] = $"https://{website.Domain}/{Slug(campaign.Name)}",
            ["startedAt"] = Iso(started),
            ["completedAt"] = Iso(now.AddSeconds(-4)),
            ["state"] = "COMPLETED",
            ["browser"] = new JsonObject
            {
                ["userAgent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
                ["language"] = "en-GB",
                ["device"] = "desktop",
            },
            ["campaign"] = new JsonObject
            {
                ["id"] = campaign.Id,
                ["title"] = campaign.Name,
                ["type"] = campaign.Type,
                ["channel"] = new JsonObject
                {
                    ["type"] = "website",
                    ["website"] = new JsonObject
                    {
                        ["id"] = website.Id,
                        ["name"] = website.Name,
                        ["domain"] = website.Domain,
                        ["country"] = website.Country,
                    },
                },
            },
        };
        if (integration.SendLeads)
        {
            participation["form"] = new JsonArray(
                Field("firstname", "First name", "Jane"),
                Field("lastname", "Last name", "Doe"),
                Field("email", "E-mail", "jane.doe@example.com"),
                Field("birthdate", "Date of birth", "1990-04-17"),
                Field("zipcode", "Postal code", "1000"));
            participation["optins"] = new JsonArray(
                new JsonObject { ["id"] = "optin-newsletter", ["label"] = $"I want to receive the {website.Name} newsletter", ["accepted"] = true },
                new JsonObject { ["id"] = "optin-partners", ["label"] = "I accept offers from partners", ["accepted"] = false });
        }
        if (integration.SendAnswers)
        {
            participation["questionnaire"] = new JsonArray(
                Question("q-1", "Which festival opens the summer season?", ("a-2", "Sunny Beach Festival", true)),
                Question("q-2", "How many stages does the festival have?", ("a-7", "Four", false)),
                Question("q-3", "Which genres do you like?", ("a-11", "Pop", (bool?)null), ("a-13", "Electro", (bool?)null)));
        }
        participation["result"] = new JsonObject
        {
            ["score"] = 8,
            ["maxScore"] = 10,
            ["profile"] = new JsonObject { ["id"] = "profile-expert", ["title"] = "Festival expert" },
            ["prizes"] = new JsonArray(new JsonObject { ["id"] = "prize-tickets", ["name"] = "2 weekend tickets", ["won"] = true }),
        };
        var variables = new JsonObject();
        foreach (var name in context.Variables is { Count: > 0 } v ? v : ["favourite_genre", "newsletter_optin"])
            variables[name] = name.Contains("optin", StringComparison.OrdinalIgnoreCase) ? JsonValue.Create(true) : JsonValue.Create("Pop");
        participation["variables"] = variables;
        return participation;
    }

    /// <summary>The legacy 1.0 shape (deprecated): one flat object.</summary>
    public static JsonObject ParticipationV1(Integration integration, DateTimeOffset now, Context context)
    {
        var (website, campaign) = Sources(context);
        var o = new JsonObject
        {
            ["participationId"] = "test_prt_" + now.ToUnixTimeMilliseconds(),
            ["campaignId"] = campaign.Id,
            ["campaignTitle"] = campaign.Name,
            ["websiteId"] = website.Id,
            ["date"] = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"),
            ["ip"] = "203.0.113.42",
            ["completed"] = true,
        };
        if (integration.SendLeads)
        {
            o["firstname"] = "Jane";
            o["lastname"] = "Doe";
            o["email"] = "jane.doe@example.com";
            o["optin_newsletter"] = 1;
        }
        if (integration.SendAnswers)
            o["answers"] = new JsonArray(new JsonObject { ["question"] = "Which festival opens the summer season?", ["answer"] = "Sunny Beach Festival" });
        return o;
    }

    public static JsonArray Loyalty(DateTimeOffset now, Context context)
    {
        var program = context.Program ?? new LoyaltyProgram { Id = "prg-sample", Name = "Sample Rewards" };
        return new JsonArray(new JsonObject
        {
            ["id"] = "test_evt_" + now.ToUnixTimeMilliseconds(),
            ["type"] = "loyalty.points_earned",
            ["occurredAt"] = Iso(now),
            ["program"] = new JsonObject { ["id"] = program.Id, ["name"] = program.Name },
            ["member"] = new JsonObject
            {
                ["id"] = "test_mbr_4821",
                ["email"] = "jane.doe@example.com",
                ["firstName"] = "Jane",
                ["lastName"] = "Doe",
                ["level"] = "Silver",
                ["pointsBalance"] = 1250,
            },
            ["data"] = new JsonObject
            {
                ["points"] = 50,
                ["balance"] = 1250,
                ["flow"] = new JsonObject { ["id"] = "flow-quiz-completed", ["name"] = "Complete a quiz" },
            },
        });
    }

    private static (Website Website, Campaign Campaign) Sources(Context context)
    {
        var website = context.Website ?? new Website { Id = "web-sample", Name = "Sample Website", Domain = "www.example.com", Country = "BE" };
        var campaign = context.Campaign ?? new Campaign { Id = "cmp-sample", WebsiteId = website.Id, Name = "Summer quiz", Type = "quiz" };
        return (website, campaign);
    }

    private static JsonObject Field(string id, string label, string value) => new() { ["id"] = id, ["label"] = label, ["value"] = value };

    private static JsonObject Question(string id, string title, params (string Id, string Label, bool? Correct)[] answers)
    {
        var list = new JsonArray();
        foreach (var a in answers)
        {
            var answer = new JsonObject { ["id"] = a.Id, ["label"] = a.Label };
            if (a.Correct is { } c) answer["correct"] = c;
            list.Add(answer);
        }
        return new JsonObject { ["id"] = id, ["title"] = title, ["answers"] = list };
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    private static string Slug(string name) =>
        new string(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
