using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace WebhookConsole.Identity;

/// <summary>
/// Sign-in attempts per client IP per minute (`SignIn:AttemptsPerMinute`, 10): lockout protects one account, this
/// slows guessing across many. Behind a proxy the IP is the forwarded one (see README, "Security").
/// </summary>
public static class SignInRateLimit
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, IConfiguration config)
    {
        var permits = Math.Max(1, config.GetValue("SignIn:AttemptsPerMinute", 10));
        return services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (rejected, ct) =>
            {
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? ((int)Math.Ceiling(after.TotalSeconds)).ToString() : "60";
                // A person at the sign-in form gets the form again with a sentence, not a JSON document.
                if (rejected.HttpContext.Request.HasFormContentType)
                {
                    await TypedResults.LocalRedirect($"/account/login?error={LoginMessages.TooMany}").ExecuteAsync(rejected.HttpContext);
                    return;
                }
                await TypedResults.Problem($"More than {permits} sign-in attempts from this address within a minute; wait and try again.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many sign-in attempts").ExecuteAsync(rejected.HttpContext);
            };
        });
    }
}
