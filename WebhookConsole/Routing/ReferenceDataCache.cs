using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WebhookConsole.Integrations;
using WebhookConsole.MappingVariables;
using WebhookConsole.PushRules;
using WebhookConsole.Sources;

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
/// those entities in this process invalidates it at once (<see cref="ReferenceDataChangeInterceptor"/>); changes
/// made by another node are picked up within <see cref="MaxAge"/>.
/// </summary>
public sealed class ReferenceDataCache(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    private static long version;
    private readonly SemaphoreSlim reload = new(1, 1);
    private (ReferenceData Data, long Version, DateTimeOffset At)? current;

    public static void Invalidate() => Interlocked.Increment(ref version);

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

/// <summary>Invalidates the reference cache whenever a source, rule, integration or mapping variable is saved.</summary>
internal sealed class ReferenceDataChangeInterceptor : SaveChangesInterceptor
{
    private static readonly HashSet<Type> Watched =
        [typeof(Campaign), typeof(Website), typeof(LoyaltyProgram), typeof(PushRule), typeof(Integration), typeof(MappingVariable)];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> Pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (After(eventData.Context) is { } context && context.Database.IsNpgsql())
            context.Database.ExecuteSqlRaw(ClusterSignals.NotifyReferenceSql);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        // Every node of a cluster drops its copy too (ClusterListener); in a transaction, at its commit.
        if (After(eventData.Context) is { } context && context.Database.IsNpgsql())
            await context.Database.ExecuteSqlRawAsync(ClusterSignals.NotifyReferenceSql, ct);
        return result;
    }

    // Invalidate before and after the save: a reader that reloads in between still ends up invalidated.
    private static void Before(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries())
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Watched.Contains(entry.Metadata.ClrType))
            {
                ReferenceDataCache.Invalidate();
                Pending.AddOrUpdate(context, context);
                return;
            }
    }

    /// <summary>The context when watched data was saved (and this node's copy was dropped), else null.</summary>
    private static DbContext? After(DbContext? context)
    {
        if (context is null || !Pending.Remove(context)) return null;
        ReferenceDataCache.Invalidate();
        return context;
    }
}
