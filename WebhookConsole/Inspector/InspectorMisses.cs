using System.Net;
using System.Threading.RateLimiting;

namespace WebhookConsole.Inspector;

/// <summary>
/// Requests to bins that do not exist, per client address: the per-bin limit cannot stop a client that tries a new id
/// each time, so after <see cref="PerMinute"/> misses in a minute an address gets 429 without a database lookup. The
/// console's own deliveries (loopback) are exempt: an integration still pointed at a deleted bin must not block the others.
/// </summary>
public sealed class InspectorMisses : IDisposable
{
    public const int PerMinute = 60;

    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions { PermitLimit = PerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public bool Exhausted(IPAddress? address) =>
        address is not null && !IPAddress.IsLoopback(address) && limiter.GetStatistics(address.ToString())?.CurrentAvailablePermits <= 0;

    public void Record(IPAddress? address)
    {
        if (address is null || IPAddress.IsLoopback(address)) return;
        using var _ = limiter.AttemptAcquire(address.ToString());
    }

    public void Dispose() => limiter.Dispose();
}
