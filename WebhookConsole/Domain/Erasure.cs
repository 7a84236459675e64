namespace WebhookConsole.Domain;

/// <summary>
/// One erasure request and how far it got. The person's identifier is kept only while the job runs, encrypted with the
/// Data Protection key ring (<see cref="CriterionProtected"/>), and cleared when it ends: the row then proves the erasure
/// happened without saying whom it erased.
/// </summary>
public sealed class Erasure
{
    public string Id { get; set; } = default!;
    public DateTimeOffset RequestedAt { get; set; }
    public string RequestedBy { get; set; } = default!;
    /// <summary>`memberId`, `participationId` or `email`: which kind of identifier was given (not the value).</summary>
    public string Kind { get; set; } = default!;
    public string? CriterionProtected { get; set; }
    public string Status { get; set; } = ErasureStatus.Queued;
    /// <summary>Events matched when the request was made.</summary>
    public int Matched { get; set; }
    public int EventsRemoved { get; set; }
    public int DeliveriesRemoved { get; set; }
    public int AttemptsRemoved { get; set; }
    public int InspectorRequestsRemoved { get; set; }
    public string? JobId { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
