using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WebhookConsole.Identity;

namespace WebhookConsole.Backfill;

internal static class BackfillApi
{
    public static RouteGroupBuilder MapBackfillApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/integrations/{id}/backfill").WithTags("Integrations");

        group.MapPost("/", async Task<Accepted<BackfillResult>> (string id, BackfillRequest request, BackfillService backfill, ClaimsPrincipal user, CancellationToken ct) =>
                TypedResults.Accepted($"/api/v1/integrations/{id}/backfill", await backfill.RequestAsync(id, request, CurrentActor.Of(user), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Send an integration the events it would have received")
            .WithDescription("Admin. Events received in [`from`, `to`) (default `to`: now; at most `Backfill:MaxAge` back) that the integration's current push rules route to it " +
                             "and that it has no delivery of are delivered as new deliveries (new `webhook-id`s, `backfill: true`), oldest first, at the bulk-replay rate " +
                             "(`Replay:MaxPerSecondPerIntegration`), by a Hangfire job (`jobId`). `eventTypes` narrows the types (default: all of the integration's kind); " +
                             "`limit` keeps the newest N. A start (INCOMPLETE) counts only when the integration sends incomplete participations and the participation never completed. " +
                             "`dryRun: true` only counts. 202 `{count, dryRun, from, to, jobId, spreadOver}`; 409 when the integration is inactive. Audited.");

        group.MapGet("/", async Task<Results<Ok<BackfillStatus>, NoContent>> (string id, BackfillService backfill, CancellationToken ct) =>
                await backfill.StatusAsync(id, ct) is { } status ? TypedResults.Ok(status) : TypedResults.NoContent())
            .RequireAuthorization(Policies.Admin)
            .WithSummary("The latest backfill of an integration and its progress")
            .WithDescription("Admin. `count` selected, `created` deliveries so far, of which `delivered`, `failing` (retrying or failed) and `waiting`; 204 when it never had one.");
        return api;
    }
}
