namespace WebhookConsole.Dispatch;

/// <summary>
/// This process as a claimant of deliveries: the lease owner written on every claim. Unique per process start, so a
/// restarted node never mistakes the leases of its previous life (which may still be in flight elsewhere) for its own.
/// </summary>
public sealed class DispatchNode
{
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
