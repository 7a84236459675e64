using System.Text.Json;

namespace WebhookConsole.Ingest;

// Shapes of the events API as documented in OpenAPI. The endpoints read the raw JSON themselves (EventParser) so that
// every refusal can name the exact field (`events[3].data.member.id`), which model binding cannot.

/// <summary>One event reported by the platform.</summary>
/// <param name="Type">One of the eleven event types, e.g. `participation.completed` or `loyalty.points_earned`.</param>
/// <param name="OccurredAt">RFC 3339 time with an offset; defaults to the time of receipt. At most 1 day ahead and 1 year back.</param>
/// <param name="Source">Participation events name their campaign (and optionally its website); loyalty events name their program.</param>
/// <param name="Data">Participation: see the `participationData` schema at /schemas/event-request.json. Loyalty: an object with `member.id` and any event details.</param>
/// <param name="IdempotencyKey">Optional; the same key again returns the first event's id and creates nothing.</param>
public sealed record EventRequest(string Type, DateTimeOffset? OccurredAt, EventSourceRef Source, JsonElement Data, string? IdempotencyKey);

public sealed record EventSourceRef(string? WebsiteId, string? CampaignId, string? ProgramId);

public sealed record EventBatchRequest(IReadOnlyList<EventRequest> Events);

/// <summary>202 answer: the event id and the deliveries created for it (an empty list when no push rule routes it).</summary>
public sealed record EventAccepted(string Id, IReadOnlyList<AcceptedDelivery> Deliveries);

/// <summary>A delivery created for an accepted event. `scheduled` deliveries wait until `nextAttemptAt`.</summary>
public sealed record AcceptedDelivery(string Id, string IntegrationId, string Status, DateTimeOffset? NextAttemptAt);

public sealed record BatchAccepted(IReadOnlyList<string> Ids);
