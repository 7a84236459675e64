using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WebhookConsole.Identity;

/// <summary>`/api/v1/api-keys` (Admin): create (the value is in the 201 and nowhere else), list, revoke.</summary>
internal static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/api-keys").WithTags("API keys").RequireAuthorization(Policies.Admin);
        keys.MapGet("/", async (ApiKeyService s, CancellationToken ct) =>
                TypedResults.Ok((await s.ListAsync(ct)).Select(ApiKeyView.Of).ToList()))
            .WithSummary("List API keys (values are never shown again)");
        keys.MapPost("/", async Task<Created<ApiKeyCreated>> (ApiKeyRequest r, ApiKeyService s, ClaimsPrincipal u, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(r.Name!, r.Role!, CurrentActor.Of(u), ct);
                var k = created.Key;
                return TypedResults.Created($"/api/v1/api-keys/{k.Id}", new ApiKeyCreated(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, created.Value));
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create an API key (names of active keys are unique: 409)")
            .WithDescription($"`{{name, role}}` with role one of {string.Join(", ", Roles.ApiKeyRoles)} (`Ingest` may post events and nothing else). The answer holds the key in `key`, shown this once; only its hash is stored.");
        keys.MapDelete("/{id}", async (string id, ApiKeyService s, ClaimsPrincipal u, CancellationToken ct) =>
            {
                await s.RevokeAsync(id, CurrentActor.Of(u), ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Revoke an API key (at once; a revoked Bootstrap:ApiKey stays revoked across restarts)");
        return api;
    }
}
