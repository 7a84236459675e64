using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;
using WebhookConsole.Audit;
using WebhookConsole.Data;
using WebhookConsole.Identity;

namespace WebhookConsole.Tests.Identity;

/// <summary>bUnit: the API keys page on a real SQLite database.</summary>
[Trait("Lane", "Component")]
public sealed class ApiKeysPageTests : BunitContext, IAsyncLifetime
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"wc-keys-page-{Guid.NewGuid():N}.db");

    public ApiKeysPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite($"Data Source={path}"));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<AuditLog>();
        Services.AddSingleton<ApiKeyService>();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        AddAuthorization().SetAuthorized("admin@test.local").SetRoles(Roles.Admin);
        using var db = Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        db.Database.Migrate();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".key" }) File.Delete(path + suffix);
    }

    [Fact]
    public async Task The_bootstrap_key_is_marked_and_ingest_is_offered()
    {
        var keys = Services.GetRequiredService<ApiKeyService>();
        await keys.EnsureAsync("whc_bootstrap_for_page_test_0123456789");
        await keys.CreateAsync("Platform ingest", Roles.Ingest, "test");

        var page = Render<ApiKeysPage>();
        page.WaitForAssertion(() => Assert.Contains("Platform ingest", page.Markup));
        var rows = page.FindAll("tbody tr");
        Assert.Single(rows, r => r.TextContent.Contains("Bootstrap key") && r.QuerySelector(".bootstrap-key") is not null);
        Assert.DoesNotContain(rows, r => r.TextContent.Contains("Platform ingest") && r.QuerySelector(".bootstrap-key") is not null);
        Assert.Contains("Ingest key may only post events", page.Markup);
    }

    [Fact]
    public async Task A_key_revoked_while_its_copy_banner_shows_leaves_the_banner_and_another_revoked_key_does_not()
    {
        await Services.GetRequiredService<ApiKeyService>().CreateAsync("Older key", Roles.Support, "test");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ApiKeysPage>();
        page.WaitForAssertion(() => Assert.Contains("Older key", page.Markup));
        page.Find("input#key-name").Change("Fresh key");
        await page.Find("#create-key").ClickAsync(new());
        page.WaitForAssertion(() => Assert.StartsWith("whc_", page.Find("#new-key-value").TextContent.Trim()));

        await RevokeAsync(page, dialogs, "Older key");
        Assert.Single(page.FindAll("#new-key-alert")); // still the key to copy
        await RevokeAsync(page, dialogs, "Fresh key");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#new-key-alert")));
        Assert.DoesNotContain("Copy this key now", page.Markup);
    }

    private static async Task RevokeAsync(IRenderedComponent<ApiKeysPage> page, IRenderedComponent<MudDialogProvider> dialogs, string name)
    {
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr"), r => r.TextContent.Contains(name) && r.TextContent.Contains("Active")));
        var row = page.FindAll("tbody tr").Single(r => r.TextContent.Contains(name));
        var revoke = row.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Revoke").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains($"Programs using '{name}'", dialogs.Markup));
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").ClickAsync(new());
        await revoke;
        page.WaitForAssertion(() => Assert.Contains("Revoked", page.FindAll("tbody tr").Single(r => r.TextContent.Contains(name)).TextContent));
    }
}
