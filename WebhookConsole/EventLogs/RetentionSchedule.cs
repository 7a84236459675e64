using Hangfire;

namespace WebhookConsole.EventLogs;

/// <summary>Registers retention as an hourly Hangfire recurring job.</summary>
internal sealed class RetentionSchedule(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        recurring.AddOrUpdate<RetentionJob>(RetentionJob.RecurringJobId, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
