using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;
using WebhookConsole.Notifications;

namespace WebhookConsole.Integrations.Health;

/// <summary>
/// The block rule, run every few minutes: an active integration whose attempts have all failed for
/// `Integrations:BlockAfter`, with at least `Integrations:BlockMinFailures` failed attempts, is blocked — nothing is sent
/// to it, new events leave skipped deliveries — until an admin unblocks it. Only attempts after the last unblock count,
/// so an unblocked integration gets the whole period again.
/// </summary>
public sealed class IntegrationBlocker(
    IDbContextFactory<AppDbContext> dbFactory,
    IntegrationService integrations,
    IntegrationSettingsCache settings,
    OperationalNotifier notifier,
    AuditLog audit,
    BlockOptions options,
    TimeProvider time,
    ILogger<IntegrationBlocker> logger)
{
    public const string RecurringJobId = "integration-block-rule";
    public const string SystemActor = "system";

    /// <summary>Blocks every integration the rule catches now; returns their ids.</summary>
    public async Task<List<string>> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var cutoff = now - options.BlockAfter;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await db.Integrations.Where(i => i.Active && i.BlockedAt == null).ToListAsync(ct);
        var blocked = new List<string>();
        foreach (var integration in candidates)
        {
            var since = integration.UnblockedAt ?? DateTimeOffset.MinValue;
            var attempts = IntegrationHealthService.AttemptsOf(db, integration.Id).Where(a => a.StartedAt > since);
            var lastSuccess = await attempts.Where(a => a.StatusCode >= 200 && a.StatusCode < 300)
                .OrderByDescending(a => a.StartedAt).Select(a => (DateTimeOffset?)a.StartedAt).FirstOrDefaultAsync(ct);
            var failing = attempts.Where(a => a.StatusCode == null || a.StatusCode < 200 || a.StatusCode >= 300);
            if (lastSuccess is { } success) failing = failing.Where(a => a.StartedAt > success);
            var firstFailure = await failing.OrderBy(a => a.StartedAt).Select(a => (DateTimeOffset?)a.StartedAt).FirstOrDefaultAsync(ct);
            if (firstFailure is not { } first || first > cutoff) continue; // not failing for the whole period
            var failures = await failing.CountAsync(ct);
            if (failures < options.MinFailures) continue;

            var before = IntegrationService.AuditView(integration);
            integration.BlockedAt = now;
            audit.Add(db, SystemActor, "integration.blocked", IntegrationService.EntityType, integration.Id, before,
                new { blockedAt = now, failingSince = first, failedAttempts = failures, rule = new { options.BlockAfter, options.MinFailures } });
            await db.SaveChangesAsync(ct);
            await settings.ForgetEverywhereAsync(integration.Id);
            blocked.Add(integration.Id);
            logger.LogWarning("Integration {IntegrationId} blocked: {Failures} attempts failed since {Since} and none succeeded", integration.Id, failures, first);
            notifier.Publish(OperationalEventTypes.IntegrationBlocked,
                new { integrationId = integration.Id, name = integration.Name, failingSince = first, failedAttempts = failures, blockedAt = now },
                $"'{integration.Name}' was blocked: every attempt failed since {first:yyyy-MM-dd HH:mm} UTC ({failures} attempts).");
        }
        return blocked;
    }

    /// <summary>Unblocks (and switches on) a blocked integration; audited. Returns it and how many deliveries were skipped meanwhile.</summary>
    public async Task<UnblockResult> UnblockAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var integration = await IntegrationService.Find(db, id, ct);
        if (integration.BlockedAt is not { } blockedAt)
            throw new ConflictException($"Integration '{id}' is not blocked; nothing was changed.");
        var before = IntegrationService.AuditView(integration);
        var now = time.GetUtcNow();
        integration.BlockedAt = null;
        integration.UnblockedAt = now;
        integration.Active = true;
        integration.UpdatedAt = now;
        audit.Add(db, actor, "integration.unblocked", IntegrationService.EntityType, id, before, IntegrationService.AuditView(integration));
        await db.SaveChangesAsync(ct);
        await settings.ForgetEverywhereAsync(id);
        var skipped = await db.Deliveries.CountAsync(d => d.IntegrationId == id && d.Status == DeliveryStatus.Skipped, ct);
        notifier.Publish(OperationalEventTypes.IntegrationRecovered,
            new { integrationId = id, name = integration.Name, blockedAt, unblockedAt = now, unblockedBy = actor, skippedDeliveries = skipped },
            $"'{integration.Name}' was unblocked by {actor}; {skipped:N0} skipped deliveries can be replayed.");
        return new UnblockResult(await integrations.DtoAsync(db, integration, ct), skipped);
    }
}
