using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Identity;

/// <summary>bUnit: the Users page's create form, on the user service of a running app.</summary>
[Trait("Lane", "Integration")]
public sealed class UsersPageTests : BunitContext, IAsyncLifetime
{
    private readonly ConsoleFactory app = new();

    public UsersPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddScoped(_ => app.Services.CreateScope().ServiceProvider.GetRequiredService<UserAdminService>());
        AddAuthorization().SetAuthorized(ConsoleFactory.AdminEmail).SetRoles(Roles.Admin);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Roles_are_ticked_in_the_form_with_no_list_opening_over_the_create_button()
    {
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Contains(ConsoleFactory.AdminEmail, page.Markup));
        page.Find("#add-user").Click();

        var roles = page.Find("#new-roles");
        // A drop-down's list opened over Create user and ignored Escape: the form holds no drop-down.
        Assert.Empty(roles.QuerySelectorAll(".mud-select"));
        Assert.Equal(Roles.All.Length, roles.QuerySelectorAll("input[type=checkbox]").Length);

        page.Find("#new-email").Change("support@test.local");
        page.Find("#new-password").Change("Support-Password-123");
        page.FindAll("#new-roles input[type=checkbox]")[Array.IndexOf(Roles.All, Roles.Support)].Change(true);
        page.Find("#create-user").Click();

        page.WaitForAssertion(() => Assert.Contains("support@test.local", page.Markup));
        await using var scope = app.Services.CreateAsyncScope();
        var created = (await scope.ServiceProvider.GetRequiredService<UserAdminService>().ListAsync()).Single(u => u.Email == "support@test.local");
        Assert.Equal([Roles.Support], created.Roles);
    }
}
