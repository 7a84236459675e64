using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace WebhookConsole.Identity;

/// <summary>`Authorization: Bearer &lt;api key&gt;` for /api/v1. Failures answer with problem+json, never a redirect.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "api_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        var value = header["Bearer ".Length..].Trim();
        var key = value.Length == 0 ? null : await keys.FindActiveAsync(value, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The API key is not valid or has been revoked.");

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "apikey:" + key.Name),
                new Claim(ClaimTypes.Role, key.Role),
                new Claim(KeyIdClaim, key.Id),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message ?? "Send 'Authorization: Bearer <api key>'.";
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblem(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "Forbidden", "This API key's role may not use this endpoint.");

    private Task WriteProblem(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(Context);
    }
}
