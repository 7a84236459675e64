using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WebhookConsole.Components.Layout;
using WebhookConsole.Identity;

namespace WebhookConsole.Tests.Components;

[Trait("Lane", "Component")]
public class NavMenuTests : BunitContext
{
    public NavMenuTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    private IReadOnlyList<string> LinksFor(string role)
    {
        AddAuthorization().SetAuthorized("someone@test.local").SetRoles(role);
        // The menu asks for the app's named policies: evaluate them for real against the user's roles.
        Services.AddAuthorizationCore(Policies.Register);
        Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        var menu = Render<NavMenu>();
        return menu.FindAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();
    }

    [Fact]
    public void Admin_sees_every_page()
    {
        var links = LinksFor(Roles.Admin);
        Assert.Superset(
            new HashSet<string> { "/", "/integrations", "/push-rules", "/event-logs", "/sources", "/mapping-variables", "/settings/users", "/settings/api-keys", "/settings/audit-log" },
            links.ToHashSet());
    }

    [Fact]
    public void Program_manager_sees_push_rules_but_no_settings()
    {
        var links = LinksFor(Roles.ProgramManager);
        Assert.Contains("/push-rules", links);
        Assert.DoesNotContain("/settings/users", links);
        Assert.DoesNotContain("/settings/api-keys", links);
        Assert.DoesNotContain("/mapping-variables", links);
    }

    [Fact]
    public void Support_sees_event_logs_but_not_push_rules_or_settings()
    {
        var links = LinksFor(Roles.Support);
        Assert.Contains("/event-logs", links);
        Assert.DoesNotContain("/push-rules", links);
        Assert.DoesNotContain("/settings/users", links);
        Assert.DoesNotContain("/settings/audit-log", links);
    }
}
