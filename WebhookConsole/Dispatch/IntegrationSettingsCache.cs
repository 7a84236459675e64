using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Integrations;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Integration settings as attempts see them: loaded from the database at most once per
/// `Delivery:SettingsCacheDuration` per integration (the platform documents that changes may take that long to apply).
/// Another node's deletion or switch on or off applies at once (<see cref="DataChangeNotifications.IntegrationChanged"/>).
/// </summary>
public sealed class IntegrationSettingsCache
{
    private sealed record Entry(IntegrationSnapshot? Snapshot, DateTimeOffset LoadedAt);

    private readonly IDbContextFactory<AppDbContext> dbFactory;
    private readonly IntegrationSecrets secrets;
    private readonly DeliveryOptions options;
    private readonly ClusterSignals signals;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, Entry> entries = new();

    public IntegrationSettingsCache(IDbContextFactory<AppDbContext> dbFactory, IntegrationSecrets secrets, DeliveryOptions options,
        ClusterSignals signals, DataChangeNotifications changes, TimeProvider time)
    {
        this.dbFactory = dbFactory;
        this.secrets = secrets;
        this.options = options;
        this.signals = signals;
        this.time = time;
        changes.IntegrationChanged += Forget;
        changes.ChangesMissed += Clear;
    }

    public async ValueTask<IntegrationSnapshot?> GetAsync(string integrationId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var hit = entries.TryGetValue(integrationId, out var entry) && now - entry.LoadedAt < options.SettingsCacheDuration;
        Observability.ConsoleMetrics.SettingsLookup(hit);
        if (hit) return entry!.Snapshot;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await db.Integrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == integrationId, ct);
        var snapshot = integration is null ? null : Snapshot(integration);
        entries[integrationId] = new Entry(snapshot, now);
        return snapshot;
    }

    /// <summary>
    /// Forget one integration at once (it was deleted): deliveries already on the ready queue carry their row and are not
    /// read again, so they must find the integration gone here rather than in its cached settings.
    /// </summary>
    public void Forget(string integrationId) => entries.TryRemove(integrationId, out _);

    /// <summary>As <see cref="Forget"/>, on every node of the cluster (deleted, or switched on or off: both apply at once).</summary>
    public async Task ForgetEverywhereAsync(string integrationId)
    {
        Forget(integrationId);
        await signals.IntegrationChangedAsync(integrationId);
    }

    /// <summary>Forget everything (tests, and an admin's "apply now").</summary>
    public void Clear() => entries.Clear();

    /// <summary>Decrypts an integration's settings; the previous secret signs too until its rotation window ends.</summary>
    public IntegrationSnapshot Snapshot(Integration integration)
    {
        var signing = new List<string>(2);
        if (secrets.Unprotect(integration.SecretEncrypted) is { } current) signing.Add(current);
        if (integration.PreviousSecretExpiresAt > time.GetUtcNow() && secrets.Unprotect(integration.PreviousSecretEncrypted) is { } previous)
            signing.Add(previous);
        return new IntegrationSnapshot(
            integration.Id,
            integration.Name,
            integration.Url,
            IntegrationStates.Sends(integration), // a blocked integration is skipped like an inactive one
            integration.AuthHeaderName,
            secrets.Unprotect(integration.AuthHeaderValueEncrypted),
            signing);
    }
}
