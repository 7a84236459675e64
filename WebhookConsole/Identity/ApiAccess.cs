using Microsoft.AspNetCore.Authorization;

namespace WebhookConsole.Identity;

/// <summary>
/// Who may call /api/v1 at all: a key with a user role, or an `Ingest` key on an endpoint that opts in with
/// <see cref="AllowIngestKeys"/>. Endpoints add their own role requirements on top; opting in is explicit so a new
/// endpoint is closed to ingest keys by default.
/// </summary>
public static class ApiAccess
{
    public static readonly AuthorizationPolicy Policy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
        .RequireAuthenticatedUser()
        .RequireAssertion(context =>
            Roles.All.Any(context.User.IsInRole)
            || (context.User.IsInRole(Roles.Ingest) && context.Resource is HttpContext http
                && http.GetEndpoint()?.Metadata.GetMetadata<IngestKeysAllowed>() is not null))
        .Build();

    /// <summary>Admin and Ingest keys may call this endpoint.</summary>
    public static RouteHandlerBuilder AllowIngestKeys(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(IngestKeysAllowed.Instance)
        .RequireAuthorization(Policies.PostEvents);
}
