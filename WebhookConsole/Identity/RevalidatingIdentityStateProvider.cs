using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace WebhookConsole.Identity;

/// <summary>
/// Signs an open page (circuit) out within seconds when its user signed out elsewhere, was disabled or deleted, or had
/// roles or password changed (all change the security stamp), or when the session outlived `Auth:SessionLifetime`.
/// A lockout after wrong passwords does not: anyone can cause one, and it must not end the owner's sessions.
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> options,
    IOptions<SessionOptions> session,
    TimeProvider time) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => session.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User);

    /// <summary>Whether an open page may keep this principal.</summary>
    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal principal)
    {
        if (SessionClaims.IsExpired(principal, time.GetUtcNow(), session.Value.SessionLifetime)) return false;
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || user.Disabled) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
