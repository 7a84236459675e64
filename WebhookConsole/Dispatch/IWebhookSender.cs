using WebhookConsole.Integrations;

namespace WebhookConsole.Dispatch;

/// <summary>One signed POST of exact body bytes to an integration.</summary>
public sealed record SendRequest(Integration Integration, string MessageId, byte[] Body, int AttemptNumber);

/// <summary>
/// The outcome of one attempt. <see cref="Attempt"/> is filled (headers masked, body capped at 32 KiB) but not saved;
/// <see cref="RetryAfter"/> is the receiver's Retry-After on 429/503.
/// </summary>
public sealed record SendResult(Attempt Attempt, bool Succeeded, TimeSpan? RetryAfter);

public interface IWebhookSender
{
    Task<SendResult> SendAsync(SendRequest request, CancellationToken ct);
}
