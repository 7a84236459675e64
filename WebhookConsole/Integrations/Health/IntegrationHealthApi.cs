using System.Security.Claims;
using WebhookConsole.Identity;

namespace WebhookConsole.Integrations.Health;

internal static class IntegrationHealthApi
{
    public static RouteGroupBuilder MapIntegrationHealthRoutes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/integrations").WithTags("Integrations");

        group.MapGet("/{id}/stats", async (string id, string? window, IntegrationHealthService s, CancellationToken ct) =>
                TypedResults.Ok(await s.StatsAsync(id, window, ct)))
            .WithSummary("How an integration's attempts went over a window")
            .WithDescription("Any role. `window` = `1h`, `24h` (default) or `7d` (400 otherwise). Counts and last times come from the attempts table; " +
                             "`latencyP50Ms`/`latencyP95Ms` and `buckets` from the latest 10,000 attempts of the window. `consecutiveFailures` counts failed attempts since the last success in the window.");

        group.MapPost("/{id}/unblock", async (string id, IntegrationBlocker blocker, ClaimsPrincipal u, CancellationToken ct) =>
                TypedResults.Ok(await blocker.UnblockAsync(id, CurrentActor.Of(u), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Unblock an integration the block rule stopped")
            .WithDescription("Admin. Clears `blocked`, switches the integration on and starts the block rule's period afresh; audited, and announced as `integration.recovered`. " +
                             "Returns `{integration, skipped}`: deliveries kept as skipped while it was blocked are replayed with `POST /api/v1/deliveries/replay` " +
                             "`{\"status\":\"skipped\",\"integrationId\":…}`. 409 when it is not blocked.");
        return api;
    }
}
