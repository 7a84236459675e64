using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using WebhookConsole.Identity;
using WebhookConsole.Privacy;

namespace WebhookConsole.Inspector;

/// <summary>`/api/v1/inspector/bins` (Admin, Support): request bins served by the console itself.</summary>
internal static class InspectorApi
{
    public static RouteGroupBuilder MapInspectorApi(this RouteGroupBuilder api)
    {
        var bins = api.MapGroup("/inspector/bins").WithTags("Request inspector")
            .RequireAuthorization(Policies.Support);

        bins.MapPost("/", async Task<Created<BinView>> (BinRequest r, InspectorService s, HttpRequest http, ClaimsPrincipal u, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(r, CurrentActor.Of(u), BaseUrl(http), ct);
                return TypedResults.Created($"/api/v1/inspector/bins/{created.Id}", created);
            })
            .ProducesValidationProblem()
            .WithSummary("Create a request bin")
            .WithDescription("`{name, responseStatus?}` (200 by default; e.g. 500 to rehearse retries). `url` is an address of the console itself " +
                             "(`Inspector:BaseUrl` or the address this request used) that records whatever is sent to it, with any method; " +
                             "integrations may deliver to it even with `Delivery:AllowPrivateNetworks=false`. The bin expires after `Inspector:Retention` (7 days).");

        bins.MapGet("/", async (InspectorService s, HttpRequest http, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(BaseUrl(http), ct)))
            .WithSummary("List live request bins, newest first");

        bins.MapDelete("/{id}", async (string id, InspectorService s, ClaimsPrincipal u, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, CurrentActor.Of(u), ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Delete a request bin and its requests");

        bins.MapGet("/{id}/requests", async (string id, InspectorService s, PersonalDataMasker masker, IAuthorizationService authz, ClaimsPrincipal u, CancellationToken ct) =>
            {
                var list = await s.RequestsAsync(id, ct);
                if (await authz.SeesClearAsync(u)) return TypedResults.Ok(list);
                var paths = await masker.PathsAsync(ct);
                return TypedResults.Ok(new InspectedRequestList(list.Items.Select(r => masker.Mask(r, paths)).ToList()));
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The requests a bin received, newest first (at most 100)")
            .WithDescription("`{items:[{id, receivedAt, method, path, headers, body, bodyLength, bodyTruncated, sourceAddress, statusReturned}]}`. " +
                             "`body` is the first 256 KiB as UTF-8; `bodyLength` counts the whole. Credential headers (Authorization, cookies, *key*, *token*, *secret*) are masked. " +
                             "Support gets personal fields masked (body like a delivery's payload, e-mail addresses in path and headers, the sender's address and user agent); Admin keys get them in clear.");

        bins.MapPost("/{id}/requests/reveal", async (string id, CaptureReveals reveals, ClaimsPrincipal u, CancellationToken ct) =>
                TypedResults.Ok(await reveals.RevealAsync(id, CurrentActor.Of(u), ct)))
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The requests a bin received, personal fields in clear (Admin; recorded as inspector.revealed in the audit log)");
        return api;
    }

    /// <summary>Scheme and host the caller reached the console by (after forwarded headers).</summary>
    internal static string BaseUrl(HttpRequest http) => $"{http.Scheme}://{http.Host}{http.PathBase}";
}
