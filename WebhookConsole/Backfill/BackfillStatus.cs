namespace WebhookConsole.Backfill;

/// <summary>
/// The latest backfill of an integration and how far it got: <see cref="Created"/> of <see cref="Count"/> deliveries
/// exist, of which <see cref="Delivered"/> succeeded, <see cref="Failing"/> are retrying or failed, the rest wait their turn.
/// </summary>
public sealed record BackfillStatus(DateTimeOffset RequestedAt, string RequestedBy, DateTimeOffset From, DateTimeOffset To, int Count, string? JobId,
    int Created, int Delivered, int Failing, int Waiting)
{
    public bool Finished => Created >= Count && Waiting == 0;
}
