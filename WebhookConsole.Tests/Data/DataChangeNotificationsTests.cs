using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Data;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Data;

/// <summary>Data reports a saved source, rule, integration or mapping variable, without naming the caches that hold them; other saves it does not report.</summary>
[Trait("Lane", "Integration")]
public class DataChangeNotificationsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    protected virtual Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => Task.FromResult(factory);

    [Fact]
    public async Task A_saved_push_rule_is_reported_and_an_audit_entry_is_not()
    {
        await using var factory = await OnProviderAsync(new ConsoleFactory());
        var reported = 0;
        factory.Services.GetRequiredService<DataChangeNotifications>().ReferenceDataChanged += () => Interlocked.Increment(ref reported);
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.AuditEntries.Add(new AuditEntry { At = Now, Actor = "test", Action = "noted", EntityType = "test" });
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, Volatile.Read(ref reported));

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.PushRules.Add(new PushRule { Id = "rule-notified", ScopeKind = "account", CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync();
        }
        // Before the save and after it, so a cache that reloaded in between still drops what it read.
        Assert.True(Volatile.Read(ref reported) >= 2, $"reported {reported} time(s)");
    }
}

[Trait("Lane", "Postgres")]
public class DataChangeNotificationsOnPostgresTests : DataChangeNotificationsTests
{
    protected override Task<ConsoleFactory> OnProviderAsync(ConsoleFactory factory) => factory.OnPostgresAsync();
}
