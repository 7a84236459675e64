using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebhookConsole.Observability;

/// <summary>
/// `/health/live`: the process answers (no checks). `/health/ready` and `/health`: the database reads, Hangfire's storage
/// answers and the dispatcher loop is running (a check Dispatch adds itself, tagged <see cref="ReadyTag"/>); 200 when all
/// hold, 503 otherwise, with each check's outcome in the body.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddReadinessChecks(this IServiceCollection services)
    {
        // Singletons: a check not registered in the container is created anew for every probe, and then the outcome
        // each one keeps for a moment was never reused (every /health opened and parsed the database afresh).
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddSingleton<HangfireHealthCheck>();
        services.AddSingleton<ReadinessResponse>();
        return services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<HangfireHealthCheck>("hangfire", tags: [ReadyTag]);
    }

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/health/ready", methods, (ReadinessResponse r, HttpContext c) => r.WriteAsync(c)).AllowAnonymous().ExcludeFromDescription();
        app.MapMethods("/health", methods, (ReadinessResponse r, HttpContext c) => r.WriteAsync(c)).AllowAnonymous().ExcludeFromDescription();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.Body.WriteAsync(ReadinessResponse.Body(report)).AsTask();
    }
}
