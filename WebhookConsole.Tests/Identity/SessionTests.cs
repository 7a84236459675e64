using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Identity;

/// <summary>Sign-out means signed out everywhere; a lockout caused by strangers does not end anyone's session; sessions end after a fixed lifetime.</summary>
[Trait("Lane", "Integration")]
public class SessionTests : IAsyncLifetime
{
    private const string Email = "someone@test.local";
    private const string Password = "Someone-Password-1";
    private readonly IngestFactory factory = new(fakeTime: true, recordQueue: true);
    private string userId = "";

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        userId = (await admin.CreateAsync(new NewUser(Email, Password, [Roles.Support]), "test")).Id;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    /// <summary>What an open page (circuit) holds, and the check it runs every few seconds.</summary>
    private async Task<(ClaimsPrincipal Principal, RevalidatingIdentityStateProvider Provider)> OpenPageAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var principal = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(userId))!);
        ((ClaimsIdentity)principal.Identity!).AddClaim(SessionClaims.SignedInAtClaim(factory.Time.GetUtcNow()));
        var provider = new RevalidatingIdentityStateProvider(factory.Services.GetRequiredService<ILoggerFactory>(), factory.Services.GetRequiredService<IServiceScopeFactory>(),
            factory.Services.GetRequiredService<IOptions<IdentityOptions>>(), factory.Services.GetRequiredService<IOptions<SessionOptions>>(), factory.Time);
        return (principal, provider);
    }

    private async Task ChangeAsync(Func<UserAdminService, Task> change)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await change(scope.ServiceProvider.GetRequiredService<UserAdminService>());
    }

    [Fact]
    public async Task Sign_out_ends_every_session_of_the_user_also_a_cookie_copied_before_and_open_pages()
    {
        var (first, cookie) = await UserSessions.SignInAsync(factory, Email, Password);
        var (second, _) = await UserSessions.SignInAsync(factory, Email, Password);
        var copy = UserSessions.WithCookie(factory, cookie);
        var (principal, provider) = await OpenPageAsync();
        Assert.True(await UserSessions.OpensAsync(first));
        Assert.True(await UserSessions.OpensAsync(copy));
        Assert.True(await provider.IsStillValidAsync(principal));

        await UserSessions.SignOutAsync(first);

        Assert.False(await UserSessions.OpensAsync(first));
        Assert.False(await UserSessions.OpensAsync(copy));
        Assert.False(await UserSessions.OpensAsync(second));
        Assert.False(await provider.IsStillValidAsync(principal));
    }

    [Fact]
    public async Task Wrong_passwords_from_anyone_lock_the_account_but_do_not_end_its_sessions()
    {
        var (owner, _) = await UserSessions.SignInAsync(factory, Email, Password);
        var (principal, provider) = await OpenPageAsync();
        var stranger = factory.ApiClient(apiKey: null);
        for (var i = 0; i < 5; i++) await new SignInForm(stranger).PostAsync(Email, "guessed password 1");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByIdAsync(userId))!));
        }

        Assert.True(await UserSessions.OpensAsync(owner));
        Assert.True(await provider.IsStillValidAsync(principal));
    }

    public static TheoryData<string> Changes => ["disable", "roles", "password", "delete"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Disabling_a_role_change_a_password_reset_or_deletion_ends_the_sessions(string change)
    {
        var (client, _) = await UserSessions.SignInAsync(factory, Email, Password);
        var (principal, provider) = await OpenPageAsync();
        Assert.True(await UserSessions.OpensAsync(client));

        await ChangeAsync(change switch
        {
            "disable" => s => s.SetDisabledAsync(userId, true, ConsoleFactory.AdminEmail),
            "roles" => s => s.SetRolesAsync(userId, [Roles.ProgramManager], ConsoleFactory.AdminEmail),
            "password" => s => s.ResetPasswordAsync(userId, "Another-Password-2", ConsoleFactory.AdminEmail),
            _ => s => s.DeleteAsync(userId, ConsoleFactory.AdminEmail),
        });

        Assert.False(await UserSessions.OpensAsync(client));
        Assert.False(await provider.IsStillValidAsync(principal));
    }

    [Fact]
    public async Task A_session_ends_after_the_session_lifetime_however_active_it_is()
    {
        var (client, _) = await UserSessions.SignInAsync(factory, Email, Password);
        var (principal, provider) = await OpenPageAsync();
        // Busy all day: each request renews the cookie (sliding), but 12 h after the sign-in the session is over.
        foreach (var hours in new[] { 3.0, 3, 3, 2.5 })
        {
            factory.Time.Advance(TimeSpan.FromHours(hours));
            Assert.True(await UserSessions.OpensAsync(client), $"{factory.Time.GetUtcNow()}");
            Assert.True(await provider.IsStillValidAsync(principal));
        }
        factory.Time.Advance(TimeSpan.FromHours(1));
        Assert.False(await UserSessions.OpensAsync(client));
        Assert.False(await provider.IsStillValidAsync(principal));
    }
}
