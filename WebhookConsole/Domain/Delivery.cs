namespace WebhookConsole.Domain;

/// <summary>One event to one integration: the outbox row the dispatcher works from.</summary>
public sealed class Delivery
{
    private Delivery() { } // EF reads rows through the private setters

    public string Id { get; private set; } = default!;
    public string EventId { get; private set; } = default!;
    public string EventType { get; private set; } = default!;
    public string IntegrationId { get; private set; } = default!;
    /// <summary>Participation or member id, for search.</summary>
    public string? SubjectId { get; private set; }
    public DeliveryStatus Status { get; private set; } = DeliveryStatus.Pending;
    public int AttemptCount { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? ReplayOf { get; private set; }
    /// <summary>Sent by a backfill: an older event delivered to an integration created after it.</summary>
    public bool Backfill { get; private set; }
    /// <summary>The Standard Webhooks `webhook-id`: unchanged across retries and replays.</summary>
    public string MessageId { get; private set; } = default!;
    /// <summary>The exact body bytes sent (UTF-8 JSON).</summary>
    public byte[] Payload { get; private set; } = [];
    /// <summary>While <c>sending</c>: the node that claimed it.</summary>
    public string? LeaseOwner { get; private set; }
    /// <summary>While <c>sending</c>: when the claim lapses and any node may take the delivery over. Also the claim's token.</summary>
    public DateTimeOffset? LeaseUntil { get; private set; }

    /// <summary>
    /// A new delivery of an event to an integration: <c>scheduled</c> until <paramref name="heldUntil"/> when that lies
    /// ahead of <paramref name="now"/>, otherwise <c>pending</c> and due now.
    /// </summary>
    public static Delivery NewWaiting(DeliveryKey key, byte[] payload, DateTimeOffset now, DateTimeOffset? heldUntil = null)
    {
        var later = heldUntil is { } at && at > now;
        return New(key, payload, later ? DeliveryStatus.Scheduled : DeliveryStatus.Pending, later ? heldUntil : now, now, replayOf: null);
    }

    /// <summary>A replay of delivery <paramref name="replayOf"/> (same webhook-id in <paramref name="key"/>): <c>pending</c>, due at <paramref name="notBefore"/> or now.</summary>
    public static Delivery NewReplay(string replayOf, DeliveryKey key, byte[] payload, DateTimeOffset now, DateTimeOffset? notBefore = null) =>
        New(key, payload, DeliveryStatus.Pending, notBefore ?? now, now, replayOf);

    /// <summary>A row as stored, for readers that do not go through EF (raw SQL) and for seeding tests; no state is checked.</summary>
    public static Delivery FromRow(DeliveryRow row) => new()
    {
        Id = row.Id,
        EventId = row.EventId,
        EventType = row.EventType,
        IntegrationId = row.IntegrationId,
        SubjectId = row.SubjectId,
        Status = row.Status,
        AttemptCount = row.AttemptCount,
        LastStatusCode = row.LastStatusCode,
        LastError = row.LastError,
        NextAttemptAt = row.NextAttemptAt,
        CreatedAt = row.CreatedAt,
        UpdatedAt = row.UpdatedAt,
        ReplayOf = row.ReplayOf,
        Backfill = row.Backfill,
        MessageId = row.MessageId,
        Payload = row.Payload,
        LeaseOwner = row.LeaseOwner,
        LeaseUntil = row.LeaseUntil,
    };

    private static Delivery New(DeliveryKey key, byte[] payload, DeliveryStatus status, DateTimeOffset? due, DateTimeOffset now, string? replayOf) => new()
    {
        Id = key.Id,
        EventId = key.EventId,
        EventType = key.EventType,
        IntegrationId = key.IntegrationId,
        SubjectId = key.SubjectId,
        MessageId = key.MessageId,
        Status = status,
        NextAttemptAt = due,
        CreatedAt = now,
        UpdatedAt = now,
        ReplayOf = replayOf,
        Payload = payload,
    };

    /// <summary>A detached copy for the dispatcher, so callers keep their own object (the payload bytes are shared, never changed).</summary>
    public Delivery Copy() => (Delivery)MemberwiseClone();

    // The transitions (drawn in DeliveryLifecycle). Each checks the state it leaves and throws on one it may not leave
    // that way; the caller writes the row (ingest and replay in their insert, the dispatcher conditional on its claim).

    /// <summary>waiting → sending: <paramref name="owner"/> holds it until <paramref name="until"/>.</summary>
    public void Claim(string owner, DateTimeOffset until)
    {
        Require(Status.IsWaiting(), "claimed");
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
        Require(!Status.IsAtRest(), "skipped");
        LastError = reason;
        UpdatedAt = now;
        Rest(DeliveryStatus.Skipped);
    }

    /// <summary>→ failed without an attempt, with <paramref name="reason"/> (its integration was deleted).</summary>
    public void Cancel(DateTimeOffset now, string reason)
    {
        Require(!Status.IsAtRest(), "cancelled");
        LastError = reason;
        UpdatedAt = now;
        Rest(DeliveryStatus.Failed);
    }

    /// <summary>New body bytes for a delivery not yet attempted (an INCOMPLETE one re-rendered before it went out).</summary>
    public void RefreshPayload(byte[] payload)
    {
        Require(AttemptCount == 0 && Status.IsWaiting(), "re-rendered");
        Payload = payload;
    }

    /// <summary>While sending: the claim now lasts until <paramref name="until"/> (the lease was renewed in the database).</summary>
    public void RenewLease(DateTimeOffset until)
    {
        Require(Status == DeliveryStatus.Sending, "renewed");
        LeaseUntil = until;
    }

    /// <summary>
    /// A new backfilled delivery, paced: due at <paramref name="notBefore"/>, or later when it is a completion still held by
    /// its integration's delay (then `scheduled` while that lies ahead of <paramref name="now"/>, otherwise `pending`).
    /// </summary>
    public void PaceAsBackfill(DateTimeOffset notBefore, DateTimeOffset now)
    {
        Require(AttemptCount == 0 && Status.IsWaiting(), "paced");
        var due = Status == DeliveryStatus.Scheduled && NextAttemptAt > notBefore ? NextAttemptAt.Value : notBefore;
        Backfill = true;
        Status = Status == DeliveryStatus.Scheduled && due > now ? DeliveryStatus.Scheduled : DeliveryStatus.Pending;
        NextAttemptAt = due;
    }

    private void RestAfterAttempt(DeliveryStatus status)
    {
        Require(Status == DeliveryStatus.Sending, status.Name());
        Rest(status);
    }

    private void Rest(DeliveryStatus status)
    {
        Status = status;
        NextAttemptAt = null;
        LeaseOwner = null;
        LeaseUntil = null;
    }

    private void Require(bool allowed, string what)
    {
        if (!allowed) throw new InvalidOperationException($"Delivery '{Id}' cannot be {what} while {Status.Name()}.");
    }
}
