using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using WebhookConsole.Identity;
using WebhookConsole.Routing;

namespace WebhookConsole.Ingest;

/// <summary>
/// `GET /api/v1/event-types`: the event types the console accepts, from a fixed table (no database). Any key may read it,
/// an Ingest key included, so the platform can check what it may send. The JSON is built once and written as bytes.
/// </summary>
internal static class EventTypesApi
{
    public static readonly IReadOnlyList<EventTypeInfo> Catalog =
    [
        new(EventTypes.ParticipationStarted, EventTypes.Label(EventTypes.ParticipationStarted),
            "A participant started a campaign. Integrations that send incomplete participations deliver it as INCOMPLETE when no completion follows within their delay."),
        new(EventTypes.ParticipationUpdated, EventTypes.Label(EventTypes.ParticipationUpdated),
            "The participation so far: updates what a pending incomplete delivery will carry; delivers nothing itself."),
        new(EventTypes.ParticipationCompleted, EventTypes.Label(EventTypes.ParticipationCompleted),
            "A participant completed a campaign: form, opt-ins, answers and result."),
        Loyalty("loyalty.profile_created", "A member joined the loyalty program."),
        Loyalty("loyalty.portal_visited", "A member visited the member portal."),
        Loyalty("loyalty.level_changed", "A member moved to another level."),
        Loyalty("loyalty.points_earned", "A member earned points."),
        Loyalty("loyalty.points_burned", "A member spent points."),
        Loyalty("loyalty.points_credited", "Points were added to a member's balance by a correction."),
        Loyalty("loyalty.points_debited", "Points were taken from a member's balance by a correction."),
        Loyalty("loyalty.reward_offered", "A member was offered a reward (a free gift)."),
        Loyalty("loyalty.identifier_added", "An identifier (card, email, phone…) was added to a member."),
    ];

    /// <summary>
    /// The answer, built once and given to every call: it holds only the bytes, their type and no status. A bytes (file)
    /// result checked range and precondition headers and built a logger on each call: 3 % of the endpoint's CPU in a profile.
    /// </summary>
    private static readonly Utf8ContentHttpResult Answer =
        TypedResults.Text(JsonSerializer.SerializeToUtf8Bytes(Catalog, JsonSerializerOptions.Web), "application/json");

    public static RouteGroupBuilder MapEventTypes(this RouteGroupBuilder api)
    {
        api.MapGet("/event-types", () => Answer)
            .WithMetadata(IngestKeysAllowed.Instance)
            .WithTags("Events")
            .Produces<EventTypeInfo[]>()
            .WithSummary("List the event types")
            .WithDescription("Any key, Ingest included. The event types `POST /api/v1/events` accepts, each as `{name, label, description}`: " +
                             "participation events name a campaign in `source.campaignId`, loyalty events a program in `source.programId`.");
        return api;
    }

    private static EventTypeInfo Loyalty(string name, string description) => new(name, EventTypes.Label(name), description);
}
