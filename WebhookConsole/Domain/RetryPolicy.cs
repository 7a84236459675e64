namespace WebhookConsole.Domain;

/// <summary>How a failed attempt is retried: <paramref name="Delays"/> after attempt 1, 2, 3… (as many retries as entries), each stretched by ±<paramref name="Jitter"/>.</summary>
public sealed record RetryPolicy(IReadOnlyList<TimeSpan> Delays, double Jitter);
