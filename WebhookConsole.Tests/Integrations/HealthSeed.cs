using System.Text;
using WebhookConsole.Data;
using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Integrations;

/// <summary>Writes a delivery at rest with the attempts given, as if they had been made at those times.</summary>
public static class HealthSeed
{
    public static async Task AddAttemptsAsync(this ConsoleFactory factory, string integrationId, params (DateTimeOffset At, int? Status, int DurationMs)[] attempts)
    {
        await using var db = factory.NewDb();
        foreach (var (at, status, duration) in attempts)
        {
            var delivery = Delivery.FromRow(new DeliveryRow
            {
                Id = Ids.New("dlv"),
                EventId = Ids.New("evt"),
                EventType = "loyalty.points_earned",
                IntegrationId = integrationId,
                Status = status is >= 200 and < 300 ? DeliveryStatus.Succeeded : DeliveryStatus.Failed,
                AttemptCount = 1,
                LastStatusCode = status,
                CreatedAt = at,
                UpdatedAt = at,
                MessageId = Ids.New("msg"),
                Payload = Encoding.UTF8.GetBytes("[]"),
            });
            db.Deliveries.Add(delivery);
            db.Attempts.Add(new Attempt
            {
                DeliveryId = delivery.Id,
                Number = 1,
                StartedAt = at,
                DurationMs = duration,
                StatusCode = status,
                Error = status is null ? "timeout: no complete response within 15 s" : null,
            });
        }
        await db.SaveChangesAsync();
    }
}
