using System.Threading.Channels;

namespace WebhookConsole.Dispatch;

/// <summary>
/// The delivery workers: <see cref="DeliveryOptions.Workers"/> async loops draining the dispatcher's ready queue.
/// They hold no thread while a request is in flight, so many workers cost little on a small machine. On stop,
/// attempts already started run to their own timeout and are recorded; tickets still queued stay due in the
/// database for the next start.
/// </summary>
public sealed class DeliveryPump(DeliveryDispatcher dispatcher, DeliveryProcessor processor, DeliveryOptions options, ILogger<DeliveryPump> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => WorkAsync(dispatcher.Ready, stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(ChannelReader<DeliveryTicket> ready, CancellationToken stoppingToken)
    {
        try
        {
            while (await ready.WaitToReadAsync(stoppingToken))
            {
                while (!stoppingToken.IsCancellationRequested && ready.TryRead(out var ticket))
                {
                    dispatcher.Taken();
                    try
                    {
                        await processor.ProcessAsync(ticket, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        // The row is still due in the database; the reconciler picks it up again.
                        dispatcher.Release(ticket.DeliveryId);
                        logger.LogError(e, "Delivery {DeliveryId} could not be processed; the reconciler will retry it", ticket.DeliveryId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
