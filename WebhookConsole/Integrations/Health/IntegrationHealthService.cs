using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Integrations.Health;

/// <summary>
/// An integration's attempts over a window, from the attempts table: exact counts and last times in SQL, latency
/// percentiles and chart buckets from the latest <see cref="SampleSize"/> attempts of the window.
/// </summary>
public sealed class IntegrationHealthService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const int SampleSize = 10_000;

    public async Task<IntegrationStats> StatsAsync(string id, string? window, CancellationToken ct = default)
    {
        var span = StatsWindow.Parse(window);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct)
                          ?? throw new KeyNotFoundException($"Integration '{id}' does not exist.");
        var to = time.GetUtcNow();
        var from = to - span.Length;
        var attempts = AttemptsOf(db, id).Where(a => a.StartedAt >= from);

        var total = await attempts.CountAsync(ct);
        var succeeded = await attempts.CountAsync(a => a.StatusCode >= 200 && a.StatusCode < 300, ct);
        var lastSuccess = await attempts.Where(a => a.StatusCode >= 200 && a.StatusCode < 300)
            .OrderByDescending(a => a.StartedAt).Select(a => (DateTimeOffset?)a.StartedAt).FirstOrDefaultAsync(ct);
        var failures = attempts.Where(a => a.StatusCode == null || a.StatusCode < 200 || a.StatusCode >= 300);
        var lastFailure = await failures.OrderByDescending(a => a.StartedAt).Select(a => (DateTimeOffset?)a.StartedAt).FirstOrDefaultAsync(ct);
        var consecutive = lastSuccess is { } since ? await failures.CountAsync(a => a.StartedAt > since, ct) : total - succeeded;

        var sample = await attempts.OrderByDescending(a => a.StartedAt).Take(SampleSize)
            .Select(a => new { a.StartedAt, a.DurationMs, a.StatusCode }).ToListAsync(ct);
        var buckets = new List<StatsBucket>();
        for (var start = from; start < to; start += span.Bucket)
        {
            var end = start + span.Bucket;
            var inside = sample.Where(a => a.StartedAt >= start && a.StartedAt < end).ToList();
            buckets.Add(new StatsBucket(start, inside.Count, inside.Count(a => a.StatusCode is >= 200 and < 300), Percentile(inside.Select(a => a.DurationMs), 0.5)));
        }
        var durations = sample.Select(a => a.DurationMs).ToList();
        return new IntegrationStats(total, succeeded, total - succeeded, total == 0 ? null : Math.Round((double)succeeded / total, 4),
            Percentile(durations, 0.5), Percentile(durations, 0.95), lastSuccess, lastFailure, consecutive,
            IntegrationStates.Of(integration), span.Name, from, to, buckets);
    }

    /// <summary>The latest attempts to an integration, newest first.</summary>
    public async Task<List<RecentAttempt>> RecentAttemptsAsync(string id, int limit = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from a in db.Attempts.AsNoTracking()
                      join d in db.Deliveries.AsNoTracking() on a.DeliveryId equals d.Id
                      where d.IntegrationId == id
                      orderby a.StartedAt descending
                      select new RecentAttempt(a.DeliveryId, d.EventType, a.Number, a.StartedAt, a.DurationMs, a.StatusCode, a.Error))
            .Take(limit).ToListAsync(ct);
    }

    internal static IQueryable<Attempt> AttemptsOf(AppDbContext db, string integrationId) =>
        from a in db.Attempts.AsNoTracking()
        join d in db.Deliveries.AsNoTracking() on a.DeliveryId equals d.Id
        where d.IntegrationId == integrationId
        select a;

    /// <summary>Nearest-rank percentile; null for no values.</summary>
    public static int? Percentile(IEnumerable<int> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return null;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
