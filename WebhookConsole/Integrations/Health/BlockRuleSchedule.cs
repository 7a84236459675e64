using Hangfire;

namespace WebhookConsole.Integrations.Health;

/// <summary>Registers the block rule as a recurring job every five minutes (once per cluster: Hangfire's storage is shared).</summary>
internal sealed class BlockRuleSchedule(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        recurring.AddOrUpdate<IntegrationBlocker>(IntegrationBlocker.RecurringJobId, b => b.RunAsync(CancellationToken.None), "*/5 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
