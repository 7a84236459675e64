using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebhookConsole.Observability;

/// <summary>
/// The answer of `/health` and `/health/ready`, built from a run of the readiness checks and then served as it is for up to
/// a second. Probes can come many times a second from load balancers; a run of the checks hops through the thread pool
/// once per check and serializes a report, so reusing the bytes keeps a probe at the cost of the request itself.
/// </summary>
internal sealed class ReadinessResponse(HealthCheckService health, TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim gate = new(1, 1);
    private Snapshot? last;

    public async Task WriteAsync(HttpContext context)
    {
        var snapshot = Volatile.Read(ref last);
        if (snapshot is null || time.GetUtcNow() - snapshot.At >= KeepFor) snapshot = await RefreshAsync(context.RequestAborted);
        context.Response.StatusCode = snapshot.StatusCode;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        // Its length up front: the bytes go out in one piece rather than as a chunked body with its trailing chunk.
        context.Response.ContentLength = snapshot.Body.Length;
        await context.Response.Body.WriteAsync(snapshot.Body, context.RequestAborted);
    }

    private async Task<Snapshot> RefreshAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (last is { } fresh && time.GetUtcNow() - fresh.At < KeepFor) return fresh; // a concurrent probe just ran them
            var report = await health.CheckHealthAsync(c => c.Tags.Contains(HealthEndpoints.ReadyTag), ct);
            var snapshot = new Snapshot(
                report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK,
                Body(report), time.GetUtcNow());
            Volatile.Write(ref last, snapshot);
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    public static byte[] Body(HealthReport report) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        status = Name(report.Status),
        checks = report.Entries.ToDictionary(e => e.Key, e => new { status = Name(e.Value.Status), description = e.Value.Description }),
    }, Json);

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    private sealed record Snapshot(int StatusCode, byte[] Body, DateTimeOffset At);
}
