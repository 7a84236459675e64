using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Identity;

namespace WebhookConsole.Tests.Identity;

/// <summary>Who each named policy lets in, evaluated by the real authorization service: Admin everywhere, the rest by role.</summary>
[Trait("Lane", "Unit")]
public class PoliciesTests
{
    private static readonly IAuthorizationService Authorization = new ServiceCollection()
        .AddLogging().AddAuthorizationCore(Policies.Register).BuildServiceProvider().GetRequiredService<IAuthorizationService>();

    [Theory]
    [InlineData(Policies.Admin, new[] { Roles.Admin })]
    [InlineData(Policies.ManageRules, new[] { Roles.Admin, Roles.ProgramManager })]
    [InlineData(Policies.Support, new[] { Roles.Admin, Roles.Support })]
    [InlineData(Policies.AnyUser, new[] { Roles.Admin, Roles.ProgramManager, Roles.Support })]
    [InlineData(Policies.PostEvents, new[] { Roles.Admin, Roles.Ingest })]
    public async Task A_policy_admits_exactly_its_roles(string policy, string[] admitted)
    {
        foreach (var role in Roles.ApiKeyRoles)
        {
            var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], "test"));
            var result = await Authorization.AuthorizeAsync(user, policy);
            Assert.True(result.Succeeded == admitted.Contains(role), $"{policy} {(result.Succeeded ? "admits" : "refuses")} {role}");
        }
    }

    [Fact]
    public async Task No_policy_admits_a_user_without_a_role()
    {
        var nobody = new ClaimsPrincipal(new ClaimsIdentity([], "test"));
        foreach (var policy in new[] { Policies.Admin, Policies.ManageRules, Policies.Support, Policies.AnyUser, Policies.PostEvents, Policies.Api })
            Assert.False((await Authorization.AuthorizeAsync(nobody, policy)).Succeeded, policy);
    }
}
