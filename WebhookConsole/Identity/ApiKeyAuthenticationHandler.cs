using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace WebhookConsole.Identity;

/// <summary>
/// `Authorization: Bearer &lt;api key&gt;` for /api/v1. Failures answer with problem+json, never a redirect. A plain
/// <see cref="IAuthenticationHandler"/>: the framework's base class looked up its options and created a logger on every
/// request, which this scheme, run once per API call, does not need.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(ApiKeyService keys) : IAuthenticationHandler
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "api_key_id";

    private HttpContext context = null!;
    private Task<AuthenticateResult>? result;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        this.context = context;
        return Task.CompletedTask;
    }

    /// <summary>Once per request: the handler instance is shared by everything that authenticates this scheme in it.</summary>
    public Task<AuthenticateResult> AuthenticateAsync() => result ??= AuthenticateOnceAsync();

    private async Task<AuthenticateResult> AuthenticateOnceAsync()
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        var value = header["Bearer ".Length..].Trim();
        var key = value.Length == 0 ? null : await keys.FindActiveAsync(value, context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The API key is not valid or has been revoked.");
        return Tickets.GetValue(key, Success);
    }

    /// <summary>
    /// One ticket per key lookup: <see cref="ApiKeyService"/> hands out the same <see cref="ApiKey"/> while its lookup is
    /// cached (seconds), so the calls of that while share the key's principal instead of each building its claims. Nothing
    /// adds to an API caller's principal; a revocation drops the lookup, and with it the ticket.
    /// </summary>
    private static readonly ConditionalWeakTable<ApiKey, AuthenticateResult> Tickets = new();

    private static AuthenticateResult Success(ApiKey key)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "apikey:" + key.Name),
                new Claim(ClaimTypes.Role, key.Role),
                new Claim(KeyIdClaim, key.Id),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    public async Task ChallengeAsync(AuthenticationProperties? properties)
    {
        var authenticated = await AuthenticateAsync();
        var detail = authenticated.Failure?.Message ?? "Send 'Authorization: Bearer <api key>'.";
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblem(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    public Task ForbidAsync(AuthenticationProperties? properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "Forbidden", "This API key's role may not use this endpoint.");

    private Task WriteProblem(int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
    }
}
