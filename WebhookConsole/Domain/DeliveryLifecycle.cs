namespace WebhookConsole.Domain;

/// <summary>
/// A delivery's state machine. The transitions are methods of <see cref="Delivery"/> that change the row in memory and
/// refuse a move the diagram does not have; new rows are made by its factories and enter the outbox (inserts and
/// supersessions) through Dispatch's DeliveryOutbox. The caller writes the row (ingest and replay in their insert, the
/// processor through Dispatch's DeliveryClaims, conditional on its claim).
/// <code>
///  scheduled ─┐                      ┌─▶ succeeded
///  pending ───┼─ claim ─▶ sending ───┼─▶ retrying ── due ──▶ (claim again)
///  retrying ──┘  (lease)     │       └─▶ failed (retries used up; replayable)
///      │                     ├─ integration inactive ─▶ skipped (replayable)
///      │                     └─ lease lapsed ─▶ claimed again by any node
///      └─ replayed while waiting ─▶ superseded (the replay carries on)
/// </code>
/// </summary>
public static class DeliveryLifecycle
{
    public const string InactiveReason = "integration inactive";
    public const string DeletedReason = "integration deleted";
    public const string BlockedReason = "integration blocked";

    /// <summary>waiting → sending: <paramref name="owner"/> holds it until <paramref name="until"/>.</summary>
    public static void Claim(Delivery d, string owner, DateTimeOffset until) => d.Claim(owner, until);

    /// <summary>sending → succeeded | retrying | failed, after attempt number <paramref name="attempt"/>.</summary>
    public static void Attempted(Delivery d, Attempt attempt, SendResult result, DateTimeOffset now, RetryPolicy retries)
    {
        d.RecordAttempt(attempt, now);
        if (result.Succeeded) d.Succeed();
        else if (d.AttemptCount <= retries.Delays.Count) d.Retry(now + RetryDelay(d.AttemptCount, result.RetryAfter, retries));
        else d.Fail();
    }

    /// <summary>→ skipped: routed to (or due for) an inactive or blocked integration. Kept, and replayable once it is active again.</summary>
    public static void Skip(Delivery d, DateTimeOffset now, string reason = InactiveReason) => d.Skip(now, reason);

    /// <summary>→ failed without an attempt: the integration was deleted.</summary>
    public static void Cancel(Delivery d, DateTimeOffset now) => d.Cancel(now, DeletedReason);

    private static TimeSpan RetryDelay(int attemptsSoFar, TimeSpan? retryAfter, RetryPolicy retries)
    {
        var planned = retries.Delays[attemptsSoFar - 1];
        var factor = 1 + retries.Jitter * (Random.Shared.NextDouble() * 2 - 1);
        var delay = TimeSpan.FromTicks((long)(planned.Ticks * factor));
        // A receiver's Retry-After (429/503) wins when it asks for longer, within a day.
        if (retryAfter is { } wait && wait > delay) delay = wait < TimeSpan.FromDays(1) ? wait : TimeSpan.FromDays(1);
        return delay;
    }
}
