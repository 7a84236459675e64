using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace WebhookConsole.Inspector;

/// <summary>
/// `Inspector:RequestsPerMinute` per bin (600): a sender stuck in a loop gets 429 with `Retry-After`, and the bin keeps
/// its last 100 requests anyway. Partitioned by the bin id in the path, so one busy bin does not starve another.
/// </summary>
internal sealed class InspectorRateLimit(IOptions<InspectorOptions> options) : IRateLimiterPolicy<string>
{
    public const string Policy = "inspector";

    public RateLimitPartition<string> GetPartition(HttpContext context) =>
        RateLimitPartition.GetFixedWindowLimiter(context.Request.RouteValues["id"] as string ?? "",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, options.Value.RequestsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, _) =>
    {
        rejected.HttpContext.Response.Headers.RetryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? ((int)Math.Ceiling(after.TotalSeconds)).ToString() : "60";
        await TypedResults.Problem("This request bin got too many requests within a minute; nothing was recorded. Wait and try again.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(rejected.HttpContext);
    };
}
