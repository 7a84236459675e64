using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;
using WebhookConsole.Privacy;

namespace WebhookConsole.EventLogs;

/// <summary>
/// Every read of the event logs, the deliveries API and the dashboard, in one place so the benchmark can call them
/// directly. Lists are keyset-paged on the delivery id, newest first (ids are time-ordered), and every filter runs in SQL
/// on an index: (Status, Id, …), (IntegrationId, Id), (EventType, Id), EventId, SubjectId, MessageId, and the primary key
/// for time ranges (see <see cref="Apply"/>). The dashboard counts on the covering (Status, Id, CreatedAt, IntegrationId)
/// index: a creation-time range under a status is read as its id range (<see cref="IdFloor"/>, <see cref="IdCeiling"/>) and
/// checked exactly on the CreatedAt the entry carries.
/// </summary>
public sealed class DeliveryQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const string DeliveryIdPrefix = "dlv";

    /// <summary>
    /// How far a delivery's <see cref="Delivery.CreatedAt"/> may lie from the time in its id. Time ranges are answered on
    /// the id (primary key, already in list order) widened by this much, then checked exactly on CreatedAt.
    /// </summary>
    public static readonly TimeSpan IdClockSlack = TimeSpan.FromHours(1);

    private const int ExportPageSize = 1000;

    /// <summary>
    /// PostgreSQL's hourly counts in [{0}, {1}), whose ids lie in [{2}, {3}): it groups by hour itself, on the covering
    /// (Status, Id, CreatedAt, …) index. Naming every status lets it read the id range under each status (an index-only
    /// scan), so no index on CreatedAt is needed.
    /// </summary>
    internal static readonly string HourlyCountsPostgres = $$"""
        SELECT (extract(epoch FROM date_trunc('hour', "CreatedAt" AT TIME ZONE 'UTC')) * 1000)::bigint AS "Hour", "Status", count(*)::int AS "Count"
        FROM "Deliveries" WHERE "Status" IN ({{string.Join(", ", DeliveryStatuses.AllNames.Select(n => $"'{n}'"))}}) AND "Id" >= {2} AND "Id" < {3}
            AND "CreatedAt" >= {0} AND "CreatedAt" < {1}
        GROUP BY 1, 2
        """;

    /// <summary>The lowest id a delivery created at or after <paramref name="at"/> can have (the clock slack allowed for).</summary>
    internal static string IdFloor(DateTimeOffset at) => Ids.MinAt(DeliveryIdPrefix, at - IdClockSlack);

    /// <summary>An id above that of every delivery created before <paramref name="at"/> (the clock slack allowed for).</summary>
    internal static string IdCeiling(DateTimeOffset at) => Ids.MinAt(DeliveryIdPrefix, at + IdClockSlack);

    public async Task<DeliveryPage> ListAsync(DeliveryFilter filter, int limit = DeliveryQuery.DefaultLimit, string? afterId = null, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, DeliveryQuery.MaxLimit);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = Apply(db, filter);
        if (afterId is not null) q = q.Where(d => string.Compare(d.Id, afterId) < 0);
        var rows = await Project(q.OrderByDescending(d => d.Id).Take(limit + 1)).ToListAsync(ct);
        if (rows.Count <= limit) return new DeliveryPage(rows, null);
        rows.RemoveAt(limit);
        return new DeliveryPage(rows, DeliveryCursor.Encode(rows[^1].Id));
    }

    /// <summary>The same rows again, by id (a live refresh of what is on screen).</summary>
    public async Task<Dictionary<string, DeliveryItem>> RefreshAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = ids.ToArray();
        var rows = await Project(db.Deliveries.AsNoTracking().Where(d => list.Contains(d.Id))).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id);
    }

    public async Task<int> CountAsync(DeliveryFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Apply(db, filter).CountAsync(ct);
    }

    /// <summary>Every matching delivery, newest first, read a page at a time (for the CSV export).</summary>
    public async IAsyncEnumerable<DeliveryItem> StreamAsync(DeliveryFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? afterId = null;
        while (true)
        {
            var page = await ListAsync(filter, ExportPageSize, afterId, ct);
            foreach (var item in page.Items) yield return item;
            if (page.NextCursor is null) yield break;
            afterId = page.Items[^1].Id;
        }
    }

    public async Task<DeliveryDetail?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var d = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return null;
        var attempts = await db.Attempts.AsNoTracking()
            .Where(a => a.DeliveryId == id)
            .OrderBy(a => a.Number).ThenBy(a => a.Id)
            .ToListAsync(ct);
        var replays = await db.Deliveries.AsNoTracking()
            .Where(r => r.ReplayOf == id)
            .OrderBy(r => r.Id)
            .Select(r => new ReplayLink(r.Id, r.Status, r.CreatedAt))
            .ToListAsync(ct);
        return new DeliveryDetail(
            d.Id, d.EventId, d.EventType, d.IntegrationId, d.Status, d.AttemptCount, d.LastStatusCode, d.NextAttemptAt,
            d.CreatedAt, d.ReplayOf, d.SubjectId, d.LastError, d.UpdatedAt, d.MessageId,
            d.Payload.Length == 0 ? null : JsonOrText(d.Payload),
            d.Payload.Length == 0,
            d.Payload.Length,
            attempts.Select(a => new AttemptItem(
                a.Number, a.StartedAt, a.DurationMs, a.StatusCode,
                JsonOrText(a.RequestHeaders) ?? EmptyObject,
                a.ResponseHeaders is null ? null : JsonOrText(a.ResponseHeaders),
                a.ResponseBody, a.Error)).ToList(),
            replays,
            d.Backfill);
    }

    public async Task<List<IntegrationRef>> IntegrationsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Integrations.AsNoTracking()
            .OrderBy(i => i.Name)
            .Select(i => new IntegrationRef(i.Id, i.Name, i.Kind, i.Active))
            .ToListAsync(ct);
    }

    /// <summary>The dashboard in a handful of index-only queries; about 50 ms on a million deliveries.</summary>
    public async Task<DashboardData> DashboardAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var currentHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var firstDay = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(-6);
        var since24h = now.AddHours(-24);
        var since7d = now.AddDays(-7);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Deliveries.AnyAsync(ct))
            return new DashboardData(now, false, StatusCounts.Zero, StatusCounts.Zero, [], [], StatusCounts.Zero, null, [], []);

        // Hourly counts from the first day shown up to now; the 24 h and 7 day views are sums of these.
        var hours = await HourlyCountsAsync(db, firstDay, currentHour.AddHours(1), ct);
        var replayedFailures = await ReplayedFailuresAsync(db, since7d, ct);
        foreach (var created in replayedFailures.Where(t => t >= firstDay))
        {
            var hour = HourOf(created);
            var counts = hours.GetValueOrDefault(hour, StatusCounts.Zero);
            hours[hour] = counts with { FailedReplayed = counts.FailedReplayed + 1 };
        }
        var hourly = Enumerable.Range(0, 24)
            .Select(i => currentHour.AddHours(i - 23))
            .Select(h => new DashboardBucket(h, hours.GetValueOrDefault(h, StatusCounts.Zero)))
            .ToList();
        var daily = Enumerable.Range(0, 7)
            .Select(i => firstDay.AddDays(i))
            .Select(day => new DashboardBucket(day, hours.Where(h => h.Key >= day && h.Key < day.AddDays(1))
                .Aggregate(StatusCounts.Zero, (sum, h) => sum.Plus(h.Value))))
            .ToList();

        // Per status, so each count is one range of the (Status, Id, CreatedAt, …) index.
        StatusCounts last24h = StatusCounts.Zero, last7d = StatusCounts.Zero, backlog = StatusCounts.Zero;
        DateTimeOffset? oldestWaiting = null;
        foreach (var s in DeliveryStatuses.All)
        {
            last24h = last24h.Add(s, await CreatedSince(db, s, since24h).CountAsync(ct));
            last7d = last7d.Add(s, await CreatedSince(db, s, since7d).CountAsync(ct));
            if (s.IsAtRest()) continue;
            backlog = backlog.Add(s, await db.Deliveries.CountAsync(d => d.Status == s, ct));
            var oldest = await db.Deliveries.Where(d => d.Status == s).OrderBy(d => d.Id).Select(d => (DateTimeOffset?)d.CreatedAt).FirstOrDefaultAsync(ct);
            if (oldest is not null && (oldestWaiting is null || oldest < oldestWaiting)) oldestWaiting = oldest;
        }

        last24h = last24h with { FailedReplayed = replayedFailures.Count(t => t >= since24h) };
        last7d = last7d with { FailedReplayed = replayedFailures.Count };

        var failingMost = await FailingMostAsync(db, since7d, ct);
        var recent = await Project(db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Failed && !db.Deliveries.Any(r => r.ReplayOf == d.Id))
            .OrderByDescending(d => d.Id).Take(8)).ToListAsync(ct);
        return new DashboardData(now, true, last24h, last7d, hourly, daily, backlog, oldestWaiting, failingMost, recent);
    }

    /// <summary>
    /// Filters in SQL. A time range is also turned into a range of ids (ids embed their creation time), so it runs on the
    /// primary key or the (column, Id) indexes in list order instead of sorting every row of the range.
    /// </summary>
    internal static IQueryable<Delivery> Apply(AppDbContext db, DeliveryFilter f)
    {
        var q = db.Deliveries.AsNoTracking();
        if (f.Statuses.Count == 1)
        {
            var status = f.Statuses[0];
            q = q.Where(d => d.Status == status);
        }
        else if (f.Statuses.Count > 1)
        {
            var statuses = f.Statuses.ToArray();
            q = q.Where(d => EF.Constant(statuses).Contains(d.Status));
        }
        if (f.IntegrationId is { } integrationId) q = q.Where(d => d.IntegrationId == integrationId);
        if (f.EventType is { } eventType) q = q.Where(d => d.EventType == eventType);
        if (f.EventId is { } eventId) q = q.Where(d => d.EventId == eventId);
        if (f.Search is { } s && EmailIndex.LooksLikeEmail(s) && AtRestCipher.Of(db) is { } cipher)
        {
            // An address is found through its blind index: the deliveries of the events carrying it and of their participation or member.
            var hash = EmailIndex.Of(cipher, s);
            q = q.Where(d => db.Events.Any(e => e.EmailHash == hash && (e.Id == d.EventId || (e.SubjectId != null && e.SubjectId == d.SubjectId))));
        }
        else if (f.Search is { } s2)
        {
            // A webhook-id is found by the delivery id it was derived from, or (replays, older rows) in the MessageId index,
            // which holds only those rows: the last branch repeats its condition so that SQLite uses it.
            var derivedFrom = DeliveryMessageIds.DeliveryIdOf(s2) ?? "";
#pragma warning disable CA1845 // translated to SQL, where Substring is what EF knows
            q = q.Where(d => d.Id == s2 || d.EventId == s2 || d.SubjectId == s2
                             || (d.Id == derivedFrom && d.MessageId == s2)
                             || (d.MessageId == s2 && d.MessageId != "msg" + d.Id.Substring(3)));
#pragma warning restore CA1845
        }
        if (f.From is { } from)
        {
            var minId = IdFloor(from);
            q = q.Where(d => string.Compare(d.Id, minId) >= 0 && d.CreatedAt >= from);
        }
        if (f.To is { } to)
        {
            var maxId = IdCeiling(to);
            q = q.Where(d => string.Compare(d.Id, maxId) < 0 && d.CreatedAt < to);
        }
        return q;
    }

    private static IQueryable<DeliveryItem> Project(IQueryable<Delivery> q) =>
        q.Select(d => new DeliveryItem(d.Id, d.EventId, d.EventType, d.IntegrationId, d.Status, d.AttemptCount, d.LastStatusCode,
            d.NextAttemptAt, d.CreatedAt, d.ReplayOf, d.SubjectId, d.LastError, d.UpdatedAt, d.MessageId, d.Backfill));

    /// <summary>Counts per status and hour in [from, to). <paramref name="portable"/> forces the provider-neutral path (tests compare both).</summary>
    internal static async Task<Dictionary<DateTimeOffset, StatusCounts>> HourlyCountsAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken ct, bool portable = false)
    {
        var result = new Dictionary<DateTimeOffset, StatusCounts>();
        if (!portable && db.Database.IsSqlite())
        {
            var rows = await db.Database.SqlQueryRaw<HourRow>(HourlyCountsSqlite(from, to)).ToListAsync(ct);
            foreach (var row in rows.Where(r => r.Count > 0))
            {
                var hour = DateTimeOffset.FromUnixTimeMilliseconds(row.Hour);
                result[hour] = result.GetValueOrDefault(hour, StatusCounts.Zero).Add(DeliveryStatuses.Parse(row.Status), row.Count);
            }
            return result;
        }

        if (!portable && db.Database.IsNpgsql())
        {
            var hourly = db.Database.SqlQueryRaw<HourRow>(HourlyCountsPostgres, from.ToUniversalTime(), to.ToUniversalTime(), IdFloor(from), IdCeiling(to));
            foreach (var row in await hourly.ToListAsync(ct))
            {
                var hour = DateTimeOffset.FromUnixTimeMilliseconds(row.Hour);
                result[hour] = result.GetValueOrDefault(hour, StatusCounts.Zero).Add(DeliveryStatuses.Parse(row.Status), row.Count);
            }
            return result;
        }

        // Other providers: read (CreatedAt, Status) of the range and count here.
        await foreach (var row in CreatedIn(db, from, to)
                           .Select(d => new { d.CreatedAt, d.Status }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var hour = HourOf(row.CreatedAt);
            result[hour] = result.GetValueOrDefault(hour, StatusCounts.Zero).Add(row.Status, 1);
        }
        return result;
    }

    /// <summary>
    /// SQLite's hourly counts in [from, to): one range count per (hour, status) on the covering (Status, Id, CreatedAt, …)
    /// index, each over the ids the hour's deliveries can have (the hour widened by the clock slack, so an entry is read by
    /// up to three counts): no table rows read and no sort, unlike GROUP BY on an hour expression (which sorts every row of
    /// the week). The hours and their id bounds are literals of digits and id characters.
    /// </summary>
    internal static string HourlyCountsSqlite(DateTimeOffset from, DateTimeOffset to)
    {
        var hours = new StringBuilder();
        for (var h = from; h < to; h = h.AddHours(1))
        {
            if (hours.Length > 0) hours.Append(", ");
            hours.Append(CultureInfo.InvariantCulture, $"({h.ToUnixTimeMilliseconds()}, '{IdFloor(h)}', '{IdCeiling(h.AddHours(1))}')");
        }
        var statuses = string.Join(", ", DeliveryStatuses.All.Select(s => $"('{s.Name()}')"));
        return $"""
            WITH hours(h, lo, hi) AS (VALUES {hours}), statuses(s) AS (VALUES {statuses})
            SELECT h AS "Hour", s AS "Status", (SELECT COUNT(*) FROM "Deliveries" AS d
                WHERE d."Status" = s AND d."Id" >= lo AND d."Id" < hi AND d."CreatedAt" >= h AND d."CreatedAt" < h + 3600000) AS "Count"
            FROM hours, statuses
            """;
    }

    /// <summary>Deliveries in <paramref name="status"/> created since <paramref name="since"/>: one id range of the (Status, Id, CreatedAt, …) index.</summary>
    internal static IQueryable<Delivery> CreatedSince(AppDbContext db, DeliveryStatus status, DateTimeOffset since)
    {
        var floor = IdFloor(since);
        return db.Deliveries.AsNoTracking().Where(d => d.Status == status && string.Compare(d.Id, floor) >= 0 && d.CreatedAt >= since);
    }

    /// <summary>Deliveries created in [from, to), every status named and the id bounded, so the range is read on the (Status, Id, CreatedAt, …) index.</summary>
    internal static IQueryable<Delivery> CreatedIn(AppDbContext db, DateTimeOffset from, DateTimeOffset to)
    {
        var (lo, hi) = (IdFloor(from), IdCeiling(to));
        return db.Deliveries.AsNoTracking().Where(d => EF.Constant(DeliveryStatuses.All).Contains(d.Status)
            && string.Compare(d.Id, lo) >= 0 && string.Compare(d.Id, hi) < 0 && d.CreatedAt >= from && d.CreatedAt < to);
    }

    private static DateTimeOffset HourOf(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// Creation times of the failed deliveries since <paramref name="from"/> that were replayed: the success rate counts the
    /// replay's outcome instead, so a failure fixed by a replay does not keep the rate red. Failed rows are few; each is one
    /// probe of the ReplayOf index.
    /// </summary>
    private static Task<List<DateTimeOffset>> ReplayedFailuresAsync(AppDbContext db, DateTimeOffset from, CancellationToken ct)
    {
        var floor = IdFloor(from);
        return db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Failed && string.Compare(d.Id, floor) >= 0 && d.CreatedAt >= from && db.Deliveries.Any(r => r.ReplayOf == d.Id))
            .Select(d => d.CreatedAt)
            .ToListAsync(ct);
    }

    private static async Task<List<FailingIntegration>> FailingMostAsync(AppDbContext db, DateTimeOffset since, CancellationToken ct)
    {
        var floor = IdFloor(since);
        var failing = await db.Deliveries
            .Where(d => (d.Status == DeliveryStatus.Retrying || (d.Status == DeliveryStatus.Failed && !db.Deliveries.Any(r => r.ReplayOf == d.Id)))
                        && string.Compare(d.Id, floor) >= 0 && d.CreatedAt >= since)
            .GroupBy(d => new { d.IntegrationId, d.Status })
            .Select(g => new { g.Key.IntegrationId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var top = failing
            .GroupBy(r => r.IntegrationId)
            .Select(g => new
            {
                IntegrationId = g.Key,
                Failed = g.Where(r => r.Status == DeliveryStatus.Failed).Sum(r => r.Count),
                Retrying = g.Where(r => r.Status == DeliveryStatus.Retrying).Sum(r => r.Count),
            })
            .OrderByDescending(r => r.Failed).ThenByDescending(r => r.Retrying).ThenBy(r => r.IntegrationId, StringComparer.Ordinal)
            .Take(5)
            .ToList();
        if (top.Count == 0) return [];

        var ids = top.Select(t => t.IntegrationId).ToArray();
        var succeeded = await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Succeeded && string.Compare(d.Id, floor) >= 0 && d.CreatedAt >= since && ids.Contains(d.IntegrationId))
            .GroupBy(d => d.IntegrationId)
            .Select(g => new { IntegrationId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(r => r.IntegrationId, r => r.Count, ct);
        var names = await db.Integrations.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        return top.Select(t => new FailingIntegration(t.IntegrationId, names.GetValueOrDefault(t.IntegrationId, t.IntegrationId),
            t.Failed, t.Retrying, succeeded.GetValueOrDefault(t.IntegrationId))).ToList();
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>The stored text as JSON when it is JSON, otherwise as a JSON string (never throws on odd content).</summary>
    internal static JsonElement? JsonOrText(byte[] utf8)
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(utf8));
        }
    }

    internal static JsonElement? JsonOrText(string text) => JsonOrText(Encoding.UTF8.GetBytes(text));

    private sealed class HourRow
    {
        public long Hour { get; set; }
        public string Status { get; set; } = "";
        public int Count { get; set; }
    }
}
