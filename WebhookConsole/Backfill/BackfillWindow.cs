namespace WebhookConsole.Backfill;

/// <summary>A validated backfill: a fixed window (its end set when requested), so a job that reruns picks the same events.</summary>
public sealed record BackfillWindow(string IntegrationId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> EventTypes, int Limit);
