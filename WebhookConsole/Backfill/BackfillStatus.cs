namespace WebhookConsole.Backfill;

/// <summary>
/// The latest backfill of an integration and how far it got: <see cref="Created"/> deliveries of the <see cref="Count"/>
/// events it selected (fewer when some were delivered or stopped routing to it meanwhile), of which <see cref="Delivered"/>
/// succeeded, <see cref="Failing"/> are retrying or failed, and <see cref="Waiting"/> wait their turn.
/// </summary>
/// <param name="JobDone">Its job has ended: nothing more will be created.</param>
public sealed record BackfillStatus(DateTimeOffset RequestedAt, string RequestedBy, DateTimeOffset From, DateTimeOffset To, int Count, string? JobId,
    int Created, int Delivered, int Failing, int Waiting, bool JobDone = false)
{
    public bool Finished => JobDone && Waiting == 0;
}
