using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Routing;

/// <summary>Sources, push rules, integrations and mapping variables as ingest needs them, read once per change.</summary>
public sealed record ReferenceData(
    IReadOnlyDictionary<string, Campaign> Campaigns,
    IReadOnlyDictionary<string, Website> Websites,
    IReadOnlyDictionary<string, LoyaltyProgram> Programs,
    IReadOnlyList<PushRule> Rules,
    IReadOnlyDictionary<string, Integration> Integrations,
    IReadOnlyList<MappingVariable> Variables);

/// <summary>
/// Keeps <see cref="ReferenceData"/> in memory so an ingested event costs no reference queries. Any saved change to
/// those entities invalidates it at once (<see cref="DataChangeNotifications.ReferenceDataChanged"/>: saved in this process,
/// or on another node of a PostgreSQL cluster); anything missed is picked up within <see cref="MaxAge"/>.
/// </summary>
public sealed class ReferenceDataCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    private readonly IDbContextFactory<AppDbContext> dbFactory;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim reload = new(1, 1);
    private long version;
    private (ReferenceData Data, long Version, DateTimeOffset At)? current;

    public ReferenceDataCache(IDbContextFactory<AppDbContext> dbFactory, DataChangeNotifications changes, TimeProvider time)
    {
        this.dbFactory = dbFactory;
        this.time = time;
        changes.ReferenceDataChanged += Invalidate;
        changes.ChangesMissed += Invalidate;
    }

    private void Invalidate() => Interlocked.Increment(ref version);

    public async ValueTask<ReferenceData> GetAsync(CancellationToken ct)
    {
        if (IsFresh(current)) return current!.Value.Data;
        await reload.WaitAsync(ct);
        try
        {
            if (IsFresh(current)) return current!.Value.Data;
            var seen = Interlocked.Read(ref version);
            var at = time.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var data = new ReferenceData(
                await db.Campaigns.AsNoTracking().ToDictionaryAsync(c => c.Id, ct),
                await db.Websites.AsNoTracking().ToDictionaryAsync(w => w.Id, ct),
                await db.Programs.AsNoTracking().ToDictionaryAsync(p => p.Id, ct),
                await db.PushRules.AsNoTracking().ToListAsync(ct),
                await db.Integrations.AsNoTracking().ToDictionaryAsync(i => i.Id, ct),
                await db.MappingVariables.AsNoTracking().ToListAsync(ct));
            current = (data, seen, at);
            return data;
        }
        finally
        {
            reload.Release();
        }
    }

    private bool IsFresh((ReferenceData Data, long Version, DateTimeOffset At)? entry) =>
        entry is { } e && e.Version == Interlocked.Read(ref version) && time.GetUtcNow() - e.At < MaxAge;
}
