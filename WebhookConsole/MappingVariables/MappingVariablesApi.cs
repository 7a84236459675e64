using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WebhookConsole.Api;
using WebhookConsole.Identity;

namespace WebhookConsole.MappingVariables;

internal static class MappingVariablesApi
{
    public static RouteGroupBuilder MapMappingVariables(this RouteGroupBuilder api)
    {
        var variables = api.MapGroup("/mapping-variables").WithTags("Mapping variables")
            .RequireAuthorization(Policies.Admin);
        variables.MapGet("/", async (MappingVariableService s, CancellationToken ct) =>
                TypedResults.Ok((await s.ListAsync(ct)).Select(MappingVariableDto.From).ToList()))
            .WithSummary("List mapping variables");
        variables.MapGet("/{id}", async (string id, MappingVariableService s, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok(Tag(http, await s.GetAsync(id, ct))))
            .WithSummary("One mapping variable");
        variables.MapPost("/", async Task<Created<MappingVariableDto>> (MappingVariableRequest r, MappingVariableService s, ClaimsPrincipal u, CancellationToken ct) =>
            {
                var v = await s.CreateAsync(r, CurrentActor.Of(u), ct);
                return TypedResults.Created($"/api/v1/mapping-variables/{v.Id}", MappingVariableDto.From(v));
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a mapping variable")
            .WithDescription("""
                `{name, label, type, sourceId}`: `name` is the technical name (unique, `[a-z0-9_]+`), the key under
                `variables` in participation payloads (`var_<name>` in version 1.0). `type` `answer` carries the answers to
                the question `sourceId` (joined by ", "), `optin` the opt-in `sourceId` as "1" (accepted), "0" (refused)
                or "" (not asked).
                """);
        variables.MapPut("/{id}", async (string id, MappingVariableRequest r, MappingVariableService s, ClaimsPrincipal u, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok(Tag(http, await s.UpdateAsync(id, r, CurrentActor.Of(u), ct, ETags.IfMatch(http.Request)))))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Change a mapping variable");
        variables.MapDelete("/{id}", async (string id, MappingVariableService s, ClaimsPrincipal u, HttpRequest request, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, CurrentActor.Of(u), ct, ETags.IfMatch(request));
                return TypedResults.NoContent();
            })
            .WithSummary("Delete a mapping variable");
        return api;
    }

    private static MappingVariableDto Tag(HttpContext http, MappingVariable v) => http.Tagged(MappingVariableDto.From(v), v.Version);
}
