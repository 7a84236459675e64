using Hangfire;

namespace WebhookConsole.Dispatch;

/// <summary>At start-up: register the recurring reconciler and run it once, so nothing committed before a crash waits.</summary>
internal sealed class DispatchStartup(DeliveryReconciler reconciler, IRecurringJobManager recurring, ILogger<DispatchStartup> logger) : IHostedService
{
    public const string ReconcileJobId = "reconcile-deliveries";

    public async Task StartAsync(CancellationToken ct)
    {
        recurring.AddOrUpdate<DeliveryReconciler>(ReconcileJobId, r => r.RunAsync(CancellationToken.None), Cron.Minutely());
        var adopted = await reconciler.RunAsync(ct);
        logger.LogInformation("Dispatcher started; {Count} outstanding deliveries re-enqueued", adopted);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
