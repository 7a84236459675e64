using System.Text;
using Microsoft.Extensions.Time.Testing;
using WebhookConsole.Data;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;

namespace WebhookConsole.Tests.EventLogs;

/// <summary>Deliveries, attempts and integrations written straight to the database, ids consistent with their creation time.</summary>
internal static class DeliverySeed
{
    public static Integration Integration(string id, string name, bool active = true, string? secretEncrypted = null) => new()
    {
        Id = id,
        Name = name,
        Url = $"https://{id}.example/hook",
        Active = active,
        Kind = IntegrationKind.Participation,
        SecretEncrypted = secretEncrypted,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    public static Delivery Delivery(
        string integrationId,
        DateTimeOffset createdAt,
        DeliveryStatus status = DeliveryStatus.Succeeded,
        string eventType = "participation.completed",
        string? subjectId = null,
        string? eventId = null,
        string? payload = null,
        int attempts = 1,
        int? lastStatusCode = 200)
    {
        var clock = new FakeTimeProvider(createdAt);
        return WebhookConsole.Domain.Delivery.FromRow(new DeliveryRow
        {
            Id = Ids.New("dlv", clock),
            EventId = eventId ?? Ids.New("evt", clock),
            EventType = eventType,
            IntegrationId = integrationId,
            SubjectId = subjectId,
            Status = status,
            AttemptCount = attempts,
            LastStatusCode = lastStatusCode,
            LastError = status == DeliveryStatus.Failed && lastStatusCode is null ? "Connection refused" : null,
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
            // Outstanding rows wait a day, beyond the dispatcher's horizon, so the running console's reconciler leaves the seed as it is.
            NextAttemptAt = status is DeliveryStatus.Pending or DeliveryStatus.Scheduled or DeliveryStatus.Retrying ? DateTimeOffset.UtcNow.AddDays(1) : null,
            MessageId = Ids.New("msg", clock),
            Payload = Encoding.UTF8.GetBytes(payload ?? $$"""{"id":"p-{{Guid.NewGuid():N}}","state":"COMPLETED"}"""),
        });
    }

    public static Attempt Attempt(Delivery d, int number, int? statusCode, string? body = null, string? error = null) => new()
    {
        DeliveryId = d.Id,
        Number = number,
        StartedAt = d.CreatedAt.AddSeconds(number),
        DurationMs = 120 + number,
        RequestHeaders = """{"Content-Type":"application/json","User-Agent":"WebhookConsole/1.0.0","Authorization":"••••••••","webhook-id":"msg"}""",
        StatusCode = statusCode,
        ResponseHeaders = statusCode is null ? null : """{"Content-Type":"application/json","Server":"receiver"}""",
        ResponseBody = body,
        Error = error,
    };
}
