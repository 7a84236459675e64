using WebhookConsole.Routing;

namespace WebhookConsole.Backfill;

/// <summary>A validated backfill: a fixed window (its end set when requested), so a job that reruns picks the same events.</summary>
/// <param name="OldestEventId">Set when the request is accepted: the oldest event it selected, so a job that runs again (a
/// Hangfire retry) never reaches further back than the count it answered, whatever was delivered meanwhile.</param>
public sealed record BackfillWindow(string IntegrationId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> EventTypes, int Limit,
    string? OldestEventId = null);
