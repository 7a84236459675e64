using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Identity;

namespace WebhookConsole.Tests.Infrastructure;

/// <summary>
/// bUnit's fake authorization grants a policy only when a test names it; pages ask for the app's named policies, so
/// component tests evaluate them for real against the roles the test gives its user.
/// </summary>
internal static class AppPolicies
{
    public static void AddAppPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationCore(Policies.Register);
        services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
    }
}
