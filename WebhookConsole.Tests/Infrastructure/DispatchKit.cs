using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Data;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;

namespace WebhookConsole.Tests.Infrastructure;

/// <summary>Puts integrations and deliveries straight into the app's database and hands them to the dispatcher.</summary>
public static class DispatchKit
{
    public static async Task<Integration> AddIntegrationAsync(this ConsoleFactory factory, string url, string? secret = null,
        string? authName = null, string? authValue = null, bool active = true, string kind = IntegrationKind.Loyalty)
    {
        var secrets = factory.Services.GetRequiredService<IntegrationSecrets>();
        var integration = new Integration
        {
            Id = Ids.New("int"),
            Name = "Test " + Guid.NewGuid().ToString("N")[..8],
            Url = url,
            Active = active,
            Kind = kind,
            SecretEncrypted = secrets.Protect(secret),
            AuthHeaderName = authName,
            AuthHeaderValueEncrypted = secrets.Protect(authValue),
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = factory.NewDb();
        db.Integrations.Add(integration);
        await db.SaveChangesAsync();
        return integration;
    }

    /// <param name="enqueue">Tell the dispatcher at once (as ingest does); otherwise the due sweep finds the row within its interval.</param>
    /// <param name="claimed">Insert it already claimed by this node (as ingest does), so no sweep takes it; the test hands the claim over itself.</param>
    public static async Task<Delivery> AddDeliveryAsync(this ConsoleFactory factory, Integration integration, string body = "[{\"id\":\"evt_test\"}]",
        bool enqueue = true, bool claimed = false)
    {
        var now = DateTimeOffset.UtcNow;
        var delivery = Delivery.FromRow(new DeliveryRow
        {
            Id = Ids.New("dlv"),
            EventId = Ids.New("evt"),
            EventType = "loyalty.points_earned",
            IntegrationId = integration.Id,
            Status = DeliveryStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            MessageId = Ids.New("msg"),
            Payload = Encoding.UTF8.GetBytes(body),
        });
        if (claimed) factory.Services.GetRequiredService<DeliveryClaims>().ClaimOnInsert(delivery, now);
        await using var db = factory.NewDb();
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        if (enqueue) factory.Services.GetRequiredService<IDeliveryQueue>().Enqueue(delivery);
        return delivery;
    }

    public static async Task<Delivery> WaitForStatusAsync(this ConsoleFactory factory, string deliveryId, DeliveryStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        while (true)
        {
            await using var db = factory.NewDb();
            var delivery = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId);
            if (delivery.Status == status) return delivery;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Delivery {deliveryId} is {delivery.Status} after {delivery.AttemptCount} attempts (last error: {delivery.LastError}), expected {status}.");
            await Task.Delay(50);
        }
    }

    public static async Task<List<Attempt>> AttemptsAsync(this ConsoleFactory factory, string deliveryId)
    {
        await using var db = factory.NewDb();
        return await db.Attempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number).ToListAsync();
    }

    /// <summary>
    /// Once the app's clock is past <paramref name="due"/>, runs a due sweep and waits for it to finish: whatever was due by
    /// then is claimed (its row says `sending`) when this returns, so a "nothing more happens" check needs no fixed sleep.
    /// </summary>
    public static async Task SweepAfterAsync(this ConsoleFactory factory, DateTimeOffset due)
    {
        var time = factory.Services.GetRequiredService<TimeProvider>();
        await Eventually.TrueAsync(() => time.GetUtcNow() > due, $"the clock passes {due:O}");
        await factory.Services.GetRequiredService<DeliveryScheduler>().SweepAsync();
    }

    /// <summary>Waits until no delivery (of <paramref name="integrationId"/>, or at all) has an attempt left to make.</summary>
    public static Task WaitForAllAtRestAsync(this ConsoleFactory factory, string? integrationId = null) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = factory.NewDb();
            var statuses = await db.Deliveries.Where(d => integrationId == null || d.IntegrationId == integrationId).Select(d => d.Status).ToListAsync();
            return statuses.All(s => s.IsAtRest());
        }, integrationId is null ? "every delivery is at rest" : $"every delivery to {integrationId} is at rest");
}
