using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.EventLogs;

/// <summary>An Admin looking at one delivery's personal fields in clear, on purpose: recorded in the audit log.</summary>
public sealed class DeliveryReveals(DeliveryQueries queries, IDbContextFactory<AppDbContext> dbFactory, AuditLog audit)
{
    public const string Action = "delivery.revealed";

    public async Task<DeliveryDetail> RevealAsync(string deliveryId, string actor, CancellationToken ct = default)
    {
        var detail = await queries.GetAsync(deliveryId, ct) ?? throw new KeyNotFoundException($"Delivery '{deliveryId}' does not exist.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        audit.Add(db, actor, Action, "Delivery", deliveryId, null, new { detail.EventId, detail.IntegrationId });
        await db.SaveChangesAsync(CancellationToken.None);
        return detail;
    }
}
