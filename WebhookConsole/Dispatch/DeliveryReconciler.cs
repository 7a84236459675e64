namespace WebhookConsole.Dispatch;

/// <summary>
/// The Hangfire recurring job (every minute, once per cluster) behind the scheduler's own due sweep: claims whatever is
/// due or whose lease lapsed, should this node's sweep loop ever have stopped. Claiming is conditional in the database,
/// so it never takes what another sweep holds.
/// </summary>
public sealed class DeliveryReconciler(DeliveryScheduler scheduler, ILogger<DeliveryReconciler> logger)
{
    public const string RecurringJobId = "reconcile-deliveries";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var claimed = await scheduler.SweepAsync(ct);
        if (claimed > 0) logger.LogInformation("Reconciler claimed {Count} due deliveries", claimed);
        return claimed;
    }
}
