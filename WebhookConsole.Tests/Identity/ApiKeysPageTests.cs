using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
}
