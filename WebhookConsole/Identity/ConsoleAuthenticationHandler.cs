using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace WebhookConsole.Identity;

/// <summary>
/// The scheme the authentication middleware runs on every request: the sign-in cookie, except where no page reads the
/// signed-in user: under /api and /metrics the policy authenticates the API key itself (replacing whatever user the
/// cookie gave) and the /health probes are anonymous, so a cookie pass there only cost every call its CPU. Challenges
/// and forbids stay the cookie's (the default scheme).
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
        KeyOrAnonymous(context.Request.Path) ? None : context.AuthenticateAsync(IdentityConstants.ApplicationScheme);

    internal static bool KeyOrAnonymous(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    public Task ChallengeAsync(AuthenticationProperties? properties) => context.ChallengeAsync(IdentityConstants.ApplicationScheme, properties);

    public Task ForbidAsync(AuthenticationProperties? properties) => context.ForbidAsync(IdentityConstants.ApplicationScheme, properties);
}
