using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebhookConsole.Observability;

/// <summary>Ready only when Hangfire's storage answers (the reconciler, retention and bulk replays run from it).</summary>
public sealed class HangfireHealthCheck(JobStorage storage, TimeProvider time) : IHealthCheck
{
    private readonly CachedResult cache = new(TimeSpan.FromSeconds(5), time);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        cache.GetAsync(_ => Task.FromResult(Probe()), cancellationToken);

    private HealthCheckResult Probe()
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers().Count;
            return HealthCheckResult.Healthy($"Hangfire storage answers; {servers} job server(s) registered.",
                new Dictionary<string, object> { ["servers"] = servers });
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Hangfire storage cannot be read: " + e.Message);
        }
    }
}
