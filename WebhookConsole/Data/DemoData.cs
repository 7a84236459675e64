using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Data;

/// <summary>Reference data for a first run in Development: two websites with campaigns and one loyalty program.</summary>
internal static class DemoData
{
    public static async Task SeedAsync(AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await db.Websites.AnyAsync(ct) || await db.Programs.AnyAsync(ct)) return;

        db.Websites.AddRange(
            new Website { Id = "web-1001", Name = "Sunny Radio", Domain = "sunnyradio.example", Country = "BE" },
            new Website { Id = "web-1002", Name = "Daily Gazette", Domain = "dailygazette.example", Country = "FR" });
        db.Campaigns.AddRange(
            new Campaign { Id = "cmp-2001", WebsiteId = "web-1001", Name = "Summer quiz", Type = "quiz" },
            new Campaign { Id = "cmp-2002", WebsiteId = "web-1001", Name = "Win concert tickets", Type = "contest" },
            new Campaign { Id = "cmp-2003", WebsiteId = "web-1002", Name = "Reader survey 2026", Type = "survey" });
        db.Programs.Add(new LoyaltyProgram { Id = "prg-3001", Name = "Gazette Rewards" });
        await db.SaveChangesAsync(ct);
    }
}
