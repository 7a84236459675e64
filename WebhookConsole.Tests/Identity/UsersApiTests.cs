using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Identity;

/// <summary>Account lifecycle through /api/v1/users: every account can be disabled, enabled, unlocked, reset and deleted.</summary>
[Trait("Lane", "Integration")]
public class UsersApiTests : IAsyncLifetime
{
    private const string Password = "Support-Password-1";
    private readonly ConsoleFactory factory = new();
    private HttpClient api = default!;

    public Task InitializeAsync()
    {
        api = factory.ApiClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<JsonElement> CreateAsync(string email, string role = "Support", bool mustChange = false)
    {
        var response = await api.PostAsJsonAsync("/api/v1/users", new { email, password = Password, role, mustChangePassword = mustChange });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> PatchAsync(string id, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await api.PatchAsJsonAsync($"/api/v1/users/{id}", body);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpStatusCode> SignInStatusAsync(string email, string password)
    {
        var client = factory.ApiClient(apiKey: null);
        var response = await new SignInForm(client).PostAsync(email, password);
        return response.Headers.Location!.OriginalString.Contains("error=", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : HttpStatusCode.OK;
    }

    [Fact]
    public async Task A_disabled_user_is_enabled_again_and_can_sign_in()
    {
        var user = await CreateAsync("support@test.local");
        var id = user.GetProperty("id").GetString()!;
        Assert.Equal(("support@test.local", "Support", false, false, false),
            (user.GetProperty("email").GetString(), user.GetProperty("role").GetString(), user.GetProperty("disabled").GetBoolean(),
             user.GetProperty("locked").GetBoolean(), user.GetProperty("mustChangePassword").GetBoolean()));

        Assert.True((await PatchAsync(id, new { disabled = true })).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync("support@test.local", Password));
        var listed = (await api.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray().Single(u => u.GetProperty("id").GetString() == id);
        Assert.True(listed.GetProperty("disabled").GetBoolean());
        Assert.False(listed.GetProperty("locked").GetBoolean());

        var enabled = await PatchAsync(id, new { disabled = false });
        Assert.False(enabled.GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync("support@test.local", Password));
        await using var db = factory.NewDb();
        Assert.Equal(["user.created", "user.disabled", "user.enabled"],
            await db.AuditEntries.Where(a => a.EntityId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task A_locked_user_is_unlocked_by_an_admin()
    {
        var id = (await CreateAsync("locked@test.local")).GetProperty("id").GetString()!;
        for (var i = 0; i < 5; i++) await SignInStatusAsync("locked@test.local", "wrong password 123");
        var locked = await api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{id}");
        Assert.True(locked.GetProperty("locked").GetBoolean());
        Assert.False(locked.GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync("locked@test.local", Password));

        Assert.False((await PatchAsync(id, new { unlock = true })).GetProperty("locked").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync("locked@test.local", Password));
    }

    [Fact]
    public async Task An_admin_reset_forces_a_new_password_at_the_next_sign_in()
    {
        var id = (await CreateAsync("reset@test.local")).GetProperty("id").GetString()!;
        Assert.Equal("password", (await PatchAsync(id, new { password = "short" }, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Single().Name);
        Assert.True((await PatchAsync(id, new { password = "Reset-Password-2" })).GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync("reset@test.local", Password));

        var client = factory.ApiClient(apiKey: null);
        var signIn = await new SignInForm(client).PostAsync("reset@test.local", "Reset-Password-2", returnUrl: "/event-logs");
        Assert.StartsWith("/account/password", signIn.Headers.Location!.OriginalString);
        // Every other page leads to the change first.
        var elsewhere = await client.GetAsync("/event-logs");
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.StartsWith("/account/password", elsewhere.Headers.Location!.OriginalString);
        var page = await client.GetStringAsync("/account/password");
        Assert.Contains("An admin set your password", page);

        async Task<HttpResponseMessage> Change(string current, string password, string confirm) =>
            await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = SignInForm.TokenIn(await client.GetStringAsync("/account/password")),
                ["CurrentPassword"] = current,
                ["Password"] = password,
                ["Confirm"] = confirm,
                ["ReturnUrl"] = "/event-logs",
            }));
        Assert.Contains("error=current", (await Change("Wrong-Password-9", "Own-Password-33", "Own-Password-33")).Headers.Location!.OriginalString);
        Assert.Contains("error=mismatch", (await Change("Reset-Password-2", "Own-Password-33", "Own-Password-34")).Headers.Location!.OriginalString);
        var changed = await Change("Reset-Password-2", "Own-Password-33", "Own-Password-33");
        Assert.Equal("/event-logs", changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/event-logs")).StatusCode);
        Assert.False((await api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{id}")).GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync("reset@test.local", "Own-Password-33"));
    }

    [Fact]
    public async Task The_last_admin_cannot_be_disabled_demoted_or_deleted_and_other_users_can_be_deleted()
    {
        var admin = (await api.GetFromJsonAsync<JsonElement>("/api/v1/users")).EnumerateArray().Single(u => u.GetProperty("role").GetString() == "Admin");
        var adminId = admin.GetProperty("id").GetString()!;
        await PatchAsync(adminId, new { disabled = true }, HttpStatusCode.Conflict);
        await PatchAsync(adminId, new { role = "Support" }, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Conflict, (await api.DeleteAsync($"/api/v1/users/{adminId}")).StatusCode);
        Assert.False((await api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{adminId}")).GetProperty("disabled").GetBoolean());

        // With a second admin the first may go; a duplicate e-mail is a conflict.
        var second = (await CreateAsync("second@test.local", "Admin")).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsJsonAsync("/api/v1/users", new { email = "second@test.local", password = Password, role = "Support" })).StatusCode);
        Assert.Equal("Support", (await PatchAsync(adminId, new { role = "Support" })).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/users/{adminId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/users/{adminId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.DeleteAsync($"/api/v1/users/{second}")).StatusCode);
        await using var db = factory.NewDb();
        Assert.Contains("user.deleted", await db.AuditEntries.Where(a => a.EntityId == adminId).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task Only_admins_manage_users()
    {
        var support = factory.ApiClient(await factory.CreateApiKeyAsync("Support"));
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ApiClient(apiKey: null).GetAsync("/api/v1/users")).StatusCode);
    }
}
