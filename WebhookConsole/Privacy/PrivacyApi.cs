using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WebhookConsole.Identity;

namespace WebhookConsole.Privacy;

internal static class PrivacyApi
{
    public static RouteGroupBuilder MapPrivacyApi(this RouteGroupBuilder api)
    {
        var privacy = api.MapGroup("/privacy").WithTags("Privacy").RequireAuthorization(Policies.Admin);

        privacy.MapPost("/erasures", async Task<Accepted<ErasureAccepted>> (ErasureRequest request, ErasureService erasures, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var accepted = await erasures.RequestAsync(request, CurrentActor.Of(user), ct);
                return TypedResults.Accepted($"/api/v1/privacy/erasures/{accepted.Id}", accepted);
            })
            .WithSummary("Erase a person's events, deliveries, attempts and inspector captures")
            .WithDescription("Admin. Exactly one of `memberId`, `participationId` or `email` (400 naming the field otherwise). 202 `{id, matched}` (events matched now); " +
                             "a job then deletes, in batches, the matching events, every delivery of them (replays included) with its attempts, and the inspector " +
                             "captures that carry the identifier, their ids or webhook-ids. Erased deliveries are gone: replaying one answers 404. " +
                             "The audit log records the erasure (who, when, id, counts), never the identifier.");

        privacy.MapGet("/erasures/{id}", async Task<Results<Ok<ErasureView>, ProblemHttpResult>> (string id, ErasureService erasures, CancellationToken ct) =>
                await erasures.GetAsync(id, ct) is { } view
                    ? TypedResults.Ok(view)
                    : TypedResults.Problem($"Erasure '{id}' does not exist.", statusCode: StatusCodes.Status404NotFound, title: "Not found"))
            .WithSummary("An erasure's status and what it removed")
            .WithDescription("Admin. `status` is `queued`, `running` or `completed`; the counts grow batch by batch while it runs.");

        return api;
    }
}
