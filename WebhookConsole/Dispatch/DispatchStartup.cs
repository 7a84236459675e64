using Hangfire;

namespace WebhookConsole.Dispatch;

/// <summary>Registers the recurring reconciler (once per cluster: Hangfire's storage is shared).</summary>
internal sealed class DispatchStartup(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        recurring.AddOrUpdate<DeliveryReconciler>(DeliveryReconciler.RecurringJobId, r => r.RunAsync(CancellationToken.None), Cron.Minutely());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
