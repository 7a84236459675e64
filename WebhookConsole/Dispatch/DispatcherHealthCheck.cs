using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Ready only while the due sweep loop is alive: it beats on every round, and a round starts at least once per
/// `Delivery:SweepInterval`, so no beat for two intervals means retries and lapsed claims are no longer picked up.
/// </summary>
public sealed class DispatcherHealthCheck(DeliveryScheduler scheduler, DeliveryOptions options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Enabled) return Task.FromResult(HealthCheckResult.Healthy("Dispatch is off on this node (Delivery:Enabled=false)."));
        var limit = options.SweepInterval * 2;
        var result = scheduler.LastLoopAt is not { } beat
            ? HealthCheckResult.Unhealthy("The dispatcher loop has not started yet.")
            : time.GetUtcNow() - beat is var silent && silent > limit
                ? HealthCheckResult.Unhealthy($"The dispatcher loop last ran {silent.TotalSeconds:0.#} s ago (more than two sweep intervals, {limit.TotalSeconds:0.#} s).")
                : HealthCheckResult.Healthy("The dispatcher loop is running.");
        return Task.FromResult(result);
    }
}
