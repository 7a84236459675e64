using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WebhookConsole.Data;

/// <summary>
/// Raises <see cref="DataChangeNotifications.ReferenceDataChanged"/> whenever a source, push rule, integration or mapping
/// variable is saved, and on PostgreSQL tells the other nodes too (<see cref="ClusterListener"/>).
/// </summary>
internal sealed class ReferenceDataChangeInterceptor(DataChangeNotifications changes) : SaveChangesInterceptor
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

    // Notify before and after the save: a cache that reloads in between still ends up invalidated.
    private void Before(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries())
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Watched.Contains(entry.Metadata.ClrType))
            {
                changes.RaiseReferenceDataChanged();
                Pending.AddOrUpdate(context, context);
                return;
            }
    }

    /// <summary>The context when watched data was saved (and this node's caches were told), else null.</summary>
    private DbContext? After(DbContext? context)
    {
        if (context is null || !Pending.Remove(context)) return null;
        changes.RaiseReferenceDataChanged();
        return context;
    }
}
