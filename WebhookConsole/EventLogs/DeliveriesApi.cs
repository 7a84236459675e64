using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using WebhookConsole.Identity;
using WebhookConsole.Privacy;

namespace WebhookConsole.EventLogs;

/// <summary>Query string of `GET /api/v1/deliveries` (and of the CSV exports). Everything arrives as text and is validated, so a bad value gets a 400 naming it.</summary>
public sealed record DeliveryListParameters(
    string? Status, string? IntegrationId, string? EventType, string? EventId, string? From, string? To,
    string? Search, string? Limit, string? Cursor, string? Q = null)
{
    /// <summary>`q` is the console page's name for `search` (its links carry it); either works, `search` first.</summary>
    public DeliveryQuery ToQuery() => new(Status, IntegrationId, EventType, EventId, From, To, Search ?? Q);
}

public sealed record ReplayAccepted(string Id);

internal static class DeliveriesApi
{
    public static RouteGroupBuilder MapDeliveriesApi(this RouteGroupBuilder api)
    {
        var deliveries = api.MapGroup("/deliveries").WithTags("Deliveries");

        deliveries.MapGet("/", async Task<Results<Ok<DeliveryPage>, ValidationProblem>> (
            [AsParameters] DeliveryListParameters p, DeliveryQueries queries, PersonalDataMasker masker, IAuthorizationService authz, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var errors = DeliveryFilterRules.TryParse(p.ToQuery(), out var filter);
            var limit = DeliveryFilterRules.ParseLimit(p.Limit, errors);
            var afterId = DeliveryFilterRules.ParseCursor(p.Cursor, errors);
            if (errors.Count > 0) return Invalid(errors);
            var page = await queries.ListAsync(filter, limit, afterId, ct);
            return TypedResults.Ok(await authz.SeesClearAsync(user) ? page : page with { Items = page.Items.Select(masker.Mask).ToList() });
        })
        .WithSummary("List deliveries, newest first")
        .WithDescription("Filters combine with AND: status (one or several, comma-separated; `failing` = retrying and failed), integrationId, eventType, eventId, from/to (ISO 8601, on creation time), search or q (a delivery, event, participation or member id, or webhook-id, exactly; or an e-mail address, any case, through its blind index). Page with limit (1–500, default 50) and the nextCursor of the previous page.");

        deliveries.MapGet("/export.csv", async Task<Results<PushStreamHttpResult, ValidationProblem>> (
            [AsParameters] DeliveryListParameters p, DeliveryQueries queries, PersonalDataMasker masker, IAuthorizationService authz, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
        {
            var errors = DeliveryFilterRules.TryParse(p.ToQuery(), out var filter);
            if (errors.Count > 0) return Invalid(errors);
            return await CsvAsync(filter, queries, await MaskerForAsync(authz, user, masker), time, ct);
        })
        .WithSummary("Export the deliveries a filter matches as CSV");

        deliveries.MapGet("/{id}", async Task<Results<Ok<DeliveryDetail>, ProblemHttpResult>> (string id, DeliveryQueries queries, PersonalDataMasker masker, IAuthorizationService authz, ClaimsPrincipal user, CancellationToken ct) =>
            await queries.GetAsync(id, ct) is { } detail
                ? TypedResults.Ok(await authz.SeesClearAsync(user) ? detail : await masker.MaskAsync(detail, ct))
                : TypedResults.Problem($"Delivery '{id}' does not exist.", statusCode: StatusCodes.Status404NotFound, title: "Not found"))
        .WithSummary("A delivery with its payload and every attempt");

        deliveries.MapPost("/{id}/reveal", async Task<Ok<DeliveryDetail>> (string id, DeliveryReveals reveals, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await reveals.RevealAsync(id, CurrentActor.Of(user), ct)))
        .RequireAuthorization(Policies.Admin)
        .WithSummary("One delivery with its personal fields in clear, audited")
        .WithDescription("Admin. The same shape as `GET /api/v1/deliveries/{id}`, unmasked, and an audit entry `delivery.revealed` (who, when, which delivery). 404 when it does not exist.");

        deliveries.MapPost("/{id}/replay", async (string id, bool? force, ReplayService replays, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var newId = await replays.ReplayAsync(id, CurrentActor.Of(user), ct, force == true);
            return TypedResults.Accepted($"/api/v1/deliveries/{newId}", new ReplayAccepted(newId));
        })
        .RequireAuthorization(Policies.Support)
        .WithSummary("Replay one delivery")
        .WithDescription("Creates a new delivery with the same payload and webhook-id, linked by replayOf, signed with the integration's current secret when sent. A delivery replayed before is a 409 naming its replay, unless `?force=true`.");

        deliveries.MapPost("/replay", async (BulkReplayRequest r, ReplayService replays, BulkReplayJobs jobs, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var filter = r.ToFilter();
            var result = r.DryRun == true ? await replays.PreviewAsync(filter, ct)
                : r.StartAt is { } startAt ? await jobs.ScheduleAsync(r, startAt, CurrentActor.Of(user), ct)
                : await replays.ReplayManyAsync(filter, CurrentActor.Of(user), null, ct);
            return TypedResults.Accepted((string?)null, result);
        })
        .RequireAuthorization(Policies.Support)
        .WithSummary("Replay every delivery a filter matches")
        .WithDescription("status is required. With dryRun: true nothing is created and count says how many would be replayed. Deliveries already replayed, of inactive integrations or whose payload retention removed are skipped. Replays start at most 10 per second per integration. With startAt (up to 30 days ahead) the replay runs then, as a job that survives restarts; the answer carries its jobId and the count it would replay now. Replaying a delivery that is still waiting to retry supersedes it: its retries are cancelled.");

        return api;
    }

    /// <summary>The CSV export for the signed-in UI user (cookie), at /event-logs/export.csv with the event logs' query string.</summary>
    public static IEndpointRouteBuilder MapEventLogsExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/event-logs/export.csv", async Task<Results<PushStreamHttpResult, ValidationProblem>> (
                [AsParameters] DeliveryListParameters p, DeliveryQueries queries, PersonalDataMasker masker, IAuthorizationService authz, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
            {
                var errors = DeliveryFilterRules.TryParse(p.ToQuery(), out var filter);
                if (errors.Count > 0) return Invalid(errors);
                return await CsvAsync(filter, queries, await MaskerForAsync(authz, user, masker), time, ct);
            })
            .RequireAuthorization(Policies.AnyUser)
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Personal data in list rows is masked for everyone but Admins.</summary>
    private static async Task<Func<DeliveryItem, DeliveryItem>> MaskerForAsync(IAuthorizationService authz, ClaimsPrincipal user, PersonalDataMasker masker) =>
        await authz.SeesClearAsync(user) ? d => d : masker.Mask;

    private static async Task<PushStreamHttpResult> CsvAsync(DeliveryFilter filter, DeliveryQueries queries, Func<DeliveryItem, DeliveryItem> mask, TimeProvider time, CancellationToken ct)
    {
        var names = (await queries.IntegrationsAsync(ct)).ToDictionary(i => i.Id, i => i.Name);
        return TypedResults.Stream(
            stream => DeliveryCsv.WriteAsync(stream, queries.StreamAsync(filter, ct).Select(mask), names, ct),
            "text/csv; charset=utf-8",
            DeliveryCsv.FileName(time.GetUtcNow()));
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.SelectMany(e => e.Value)), title: "The request is not valid.");
}
