namespace WebhookConsole.Dispatch;

/// <summary>One event to one integration: the outbox row the dispatcher works from.</summary>
public sealed class Delivery
{
    public string Id { get; set; } = default!;
    public string EventId { get; set; } = default!;
    public string EventType { get; set; } = default!;
    public string IntegrationId { get; set; } = default!;
    /// <summary>Participation or member id, for search.</summary>
    public string? SubjectId { get; set; }
    public string Status { get; set; } = DeliveryStatus.Pending;
    public int AttemptCount { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? ReplayOf { get; set; }
    /// <summary>Sent by a backfill: an older event delivered to an integration created after it.</summary>
    public bool Backfill { get; set; }
    /// <summary>The Standard Webhooks `webhook-id`: unchanged across retries and replays.</summary>
    public string MessageId { get; set; } = default!;
    /// <summary>The exact body bytes sent (UTF-8 JSON).</summary>
    public byte[] Payload { get; set; } = [];
    /// <summary>While <c>sending</c>: the node that claimed it (<see cref="DispatchNode"/>).</summary>
    public string? LeaseOwner { get; set; }
    /// <summary>While <c>sending</c>: when the claim lapses and any node may take the delivery over. Also the claim's token.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>A detached copy for the dispatcher, so callers keep their own object (the payload bytes are shared, never changed).</summary>
    public Delivery Copy() => (Delivery)MemberwiseClone();

    // The transitions (drawn in DeliveryLifecycle). Each checks the state it leaves and throws on one it may not leave
    // that way; the caller writes the row (ingest and replay in their insert, the dispatcher conditional on its claim).

    /// <summary>waiting → sending: <paramref name="owner"/> holds it until <paramref name="until"/>.</summary>
    public void Claim(string owner, DateTimeOffset until)
    {
        Require(DeliveryStatus.Waiting.Contains(Status), "claimed");
        Status = DeliveryStatus.Sending;
        LeaseOwner = owner;
        LeaseUntil = until;
    }

    /// <summary>Records attempt number <paramref name="attempt"/> of a delivery being sent; then <see cref="Succeed"/>, <see cref="Retry"/> or <see cref="Fail"/>.</summary>
    public void RecordAttempt(Attempt attempt, DateTimeOffset now)
    {
        Require(Status == DeliveryStatus.Sending, "attempted");
        AttemptCount = attempt.Number;
        LastStatusCode = attempt.StatusCode;
        LastError = attempt.Error;
        UpdatedAt = now;
    }

    /// <summary>sending → succeeded.</summary>
    public void Succeed() => RestAfterAttempt(DeliveryStatus.Succeeded);

    /// <summary>sending → failed: retries used up (replayable).</summary>
    public void Fail() => RestAfterAttempt(DeliveryStatus.Failed);

    /// <summary>sending → retrying, due again at <paramref name="at"/>; the claim is given up.</summary>
    public void Retry(DateTimeOffset at)
    {
        Require(Status == DeliveryStatus.Sending, "retried");
        Status = DeliveryStatus.Retrying;
        NextAttemptAt = at;
        LeaseOwner = null;
        LeaseUntil = null;
    }

    /// <summary>→ skipped, with <paramref name="reason"/>: kept, and replayable once its integration is active again.</summary>
    public void Skip(DateTimeOffset now, string reason)
    {
        Require(!DeliveryStatus.IsAtRest(Status), "skipped");
        LastError = reason;
        UpdatedAt = now;
        Rest(DeliveryStatus.Skipped);
    }

    /// <summary>→ failed without an attempt, with <paramref name="reason"/> (its integration was deleted).</summary>
    public void Cancel(DateTimeOffset now, string reason)
    {
        Require(!DeliveryStatus.IsAtRest(Status), "cancelled");
        LastError = reason;
        UpdatedAt = now;
        Rest(DeliveryStatus.Failed);
    }

    /// <summary>
    /// A new backfilled delivery, paced: due at <paramref name="notBefore"/>, or later when it is a completion still held by
    /// its integration's delay (then `scheduled` while that lies ahead of <paramref name="now"/>, otherwise `pending`).
    /// </summary>
    public void PaceAsBackfill(DateTimeOffset notBefore, DateTimeOffset now)
    {
        Require(AttemptCount == 0 && DeliveryStatus.Waiting.Contains(Status), "paced");
        var due = Status == DeliveryStatus.Scheduled && NextAttemptAt > notBefore ? NextAttemptAt.Value : notBefore;
        Backfill = true;
        Status = Status == DeliveryStatus.Scheduled && due > now ? DeliveryStatus.Scheduled : DeliveryStatus.Pending;
        NextAttemptAt = due;
    }

    private void RestAfterAttempt(string status)
    {
        Require(Status == DeliveryStatus.Sending, status);
        Rest(status);
    }

    private void Rest(string status)
    {
        Status = status;
        NextAttemptAt = null;
        LeaseOwner = null;
        LeaseUntil = null;
    }

    private void Require(bool allowed, string what)
    {
        if (!allowed) throw new InvalidOperationException($"Delivery '{Id}' cannot be {what} while {Status}.");
    }
}
