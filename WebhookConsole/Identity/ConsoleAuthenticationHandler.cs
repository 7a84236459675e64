using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace WebhookConsole.Identity;

/// <summary>
/// The scheme the authentication middleware runs on every request: the sign-in cookie, except under /api, where the
/// /api policy authenticates the API key itself and replaces whatever user the cookie gave, so a cookie pass there
/// only cost every API call its CPU. Challenges and forbids stay the cookie's (the default scheme).
/// </summary>
public sealed class ConsoleAuthenticationHandler : IAuthenticationHandler
{
    public const string SchemeName = "Console";
    private static readonly Task<AuthenticateResult> None = Task.FromResult(AuthenticateResult.NoResult());

    private HttpContext context = null!;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        this.context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync() =>
        context.Request.Path.StartsWithSegments("/api") ? None : context.AuthenticateAsync(IdentityConstants.ApplicationScheme);

    public Task ChallengeAsync(AuthenticationProperties? properties) => context.ChallengeAsync(IdentityConstants.ApplicationScheme, properties);

    public Task ForbidAsync(AuthenticationProperties? properties) => context.ForbidAsync(IdentityConstants.ApplicationScheme, properties);
}
