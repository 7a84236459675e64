using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebhookConsole.Observability;

/// <summary>
/// `/health/live`: the process answers (no checks). `/health/ready` and `/health`: the database reads, Hangfire's storage
/// answers and the dispatcher loop is running; 200 when all hold, 503 otherwise, with each check's outcome in the body.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IHealthChecksBuilder AddReadinessChecks(this IServiceCollection services)
    {
        // Singletons: a check not registered in the container is created anew for every probe, and then the outcome
        // each one keeps for a moment was never reused (every /health opened and parsed the database afresh).
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddSingleton<HangfireHealthCheck>();
        services.AddSingleton<DispatcherHealthCheck>();
        return services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<HangfireHealthCheck>("hangfire", tags: [ReadyTag])
            .AddCheck<DispatcherHealthCheck>("dispatcher", tags: [ReadyTag]);
    }

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        var ready = new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync };
        app.MapHealthChecks("/health/ready", ready).AllowAnonymous();
        app.MapHealthChecks("/health", ready).AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = Name(report.Status),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = Name(e.Value.Status), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
