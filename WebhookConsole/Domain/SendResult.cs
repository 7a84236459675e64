namespace WebhookConsole.Domain;

/// <summary>
/// The outcome of one attempt. <see cref="Attempt"/> is filled (headers masked, body capped at 32 KiB) but not saved;
/// <see cref="RetryAfter"/> is the receiver's Retry-After on 429/503.
/// </summary>
public sealed record SendResult(Attempt Attempt, bool Succeeded, TimeSpan? RetryAfter);
