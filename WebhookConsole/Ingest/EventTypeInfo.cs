namespace WebhookConsole.Ingest;

/// <summary>One event type the console accepts, as `GET /api/v1/event-types` lists it.</summary>
public sealed record EventTypeInfo(string Name, string Label, string Description);
