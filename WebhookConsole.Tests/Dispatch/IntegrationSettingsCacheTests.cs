using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Data;
using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// The integration settings cache drops what Data reports changed. On SQLite only: on PostgreSQL the app's own cluster
/// listener reports missed changes when it connects, at a moment the test cannot choose (the two-node tests cover it there).
/// </summary>
[Trait("Lane", "Integration")]
public class IntegrationSettingsCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_settings_cache_drops_an_integration_it_is_told_changed_and_everything_after_missed_changes()
    {
        await using var factory = new ConsoleFactory();
        var changes = factory.Services.GetRequiredService<DataChangeNotifications>();
        var cache = factory.Services.GetRequiredService<IntegrationSettingsCache>();
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Integrations.Add(new Integration { Id = "int-notified", Name = "Notified", Url = "https://a.example/hook", Active = true, CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync();
        }
        Assert.Equal("https://a.example/hook", (await cache.GetAsync("int-notified", default))!.Url);

        await SetUrlAsync(dbFactory, "https://b.example/hook");
        Assert.Equal("https://a.example/hook", (await cache.GetAsync("int-notified", default))!.Url); // cached
        changes.RaiseIntegrationChanged("int-notified");
        Assert.Equal("https://b.example/hook", (await cache.GetAsync("int-notified", default))!.Url);

        await SetUrlAsync(dbFactory, "https://c.example/hook");
        changes.RaiseChangesMissed();
        Assert.Equal("https://c.example/hook", (await cache.GetAsync("int-notified", default))!.Url);
    }

    private static async Task SetUrlAsync(IDbContextFactory<AppDbContext> dbFactory, string url)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var integration = await db.Integrations.SingleAsync(i => i.Id == "int-notified");
        integration.Url = url;
        await db.SaveChangesAsync();
    }
}
