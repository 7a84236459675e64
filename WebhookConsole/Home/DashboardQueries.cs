using Microsoft.EntityFrameworkCore;
using WebhookConsole.EventLogs;

namespace WebhookConsole.Home;

/// <summary>What the dashboard shows, read in one call so the page only lays it out.</summary>
public sealed class DashboardQueries(IDbContextFactory<AppDbContext> dbFactory, DeliveryQueries deliveries)
{
    public async Task<DashboardSnapshot> LoadAsync(CancellationToken ct = default)
    {
        DashboardStats stats;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            stats = new DashboardStats(
                await db.Integrations.CountAsync(ct),
                await db.Integrations.CountAsync(i => i.Active, ct),
                await db.PushRules.CountAsync(ct),
                await db.Events.CountAsync(ct),
                await db.Websites.CountAsync(ct),
                await db.Campaigns.CountAsync(ct),
                await db.Programs.CountAsync(ct));
        }
        var data = await deliveries.DashboardAsync(ct);
        // Names only matter when a failure table lists integrations.
        var names = data.AnyDeliveries && (data.FailingMost.Count > 0 || data.RecentFailures.Count > 0)
            ? (await deliveries.IntegrationsAsync(ct)).ToDictionary(i => i.Id, i => i.Name)
            : new Dictionary<string, string>();
        return new DashboardSnapshot(stats, data, names);
    }
}
