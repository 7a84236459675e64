using System.Text.Json;
using WebhookConsole.Routing.Participations;

namespace WebhookConsole.Routing;

/// <summary>An event request that passed the shape checks of <see cref="Ingest.EventParser"/>; source ids are not yet checked against the database.</summary>
public sealed record IncomingEvent(
    string Type,
    DateTimeOffset? OccurredAt,
    string? WebsiteId,
    string? CampaignId,
    string? ProgramId,
    // Participation id or member id.
    string SubjectId,
    // The `data` object exactly as received.
    string DataJson,
    string? IdempotencyKey,
    ParticipationData? Participation,
    // Where the event sits in the request: "" for a single event, "events[3]." in a batch.
    string FieldPrefix,
    // `data` as the request's document holds it, while that is open: payloads render from it instead of parsing DataJson again.
    JsonElement? ParsedData = null);
