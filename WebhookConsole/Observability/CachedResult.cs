using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebhookConsole.Observability;

/// <summary>A health check outcome reused for a short while, so probes every second do not each hit the store.</summary>
internal sealed class CachedResult(TimeSpan keepFor, TimeProvider time)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? last;

    public async Task<HealthCheckResult> GetAsync(Func<CancellationToken, Task<HealthCheckResult>> probe, CancellationToken ct)
    {
        if (last is { } fresh && time.GetUtcNow() - fresh.At < keepFor) return fresh.Result;
        await gate.WaitAsync(ct);
        try
        {
            if (last is { } again && time.GetUtcNow() - again.At < keepFor) return again.Result; // a concurrent probe just ran
            var result = await probe(ct);
            last = (result, time.GetUtcNow());
            return result;
        }
        finally
        {
            gate.Release();
        }
    }
}
