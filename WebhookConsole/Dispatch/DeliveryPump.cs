using System.Threading.Channels;

namespace WebhookConsole.Dispatch;

/// <summary>
/// The delivery workers: <see cref="DeliveryOptions.Workers"/> async loops draining the scheduler's ready queue.
/// They hold no thread while a request is in flight, so many workers cost little on a small machine, and none waits on a
/// slow receiver for long (see <see cref="DeliveryProcessor"/>). On stop, attempts already started run to their own timeout
/// and are recorded; then every claim this node still holds (queued
/// or parked, never started) is given back in one statement, due at once for the next start or another node.
/// </summary>
public sealed class DeliveryPump(DeliveryScheduler scheduler, DeliveryProcessor processor, DeliveryClaims claims, DeliveryOptions options, ILogger<DeliveryPump> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => WorkAsync(scheduler.Ready, stoppingToken), CancellationToken.None)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Attempts that left their workers (slow receivers) run to their own timeout too, and are recorded first.
            await processor.DetachedAttemptsAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of shutdown time: their claims lapse like a crashed node's, after Delivery:LeaseDuration.
        }
        try
        {
            var released = await claims.ReleaseAllAsync();
            if (released > 0) logger.LogInformation("Gave back {Count} claimed deliveries that had not started", released);
        }
        catch (Exception e)
        {
            // Not fatal: the leases lapse on their own and any node takes the deliveries over then.
            logger.LogWarning(e, "Could not give back this node's claims; they lapse after Delivery:LeaseDuration");
        }
    }

    private async Task WorkAsync(ChannelReader<DeliveryClaim> ready, CancellationToken stoppingToken)
    {
        try
        {
            while (await ready.WaitToReadAsync(stoppingToken))
            {
                while (!stoppingToken.IsCancellationRequested && ready.TryRead(out var claim))
                {
                    scheduler.Taken();
                    try
                    {
                        await processor.ProcessAsync(claim, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        // The database refused a write, say: the claim stays in the row and lapses, and a sweep takes it over.
                        logger.LogError(e, "Delivery {DeliveryId} could not be processed; it is taken over when its lease lapses", claim.DeliveryId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
