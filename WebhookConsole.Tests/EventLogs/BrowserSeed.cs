using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.EventLogs;

/// <summary>A week of realistic traffic for the browser tests: three integrations, mostly successes, some retries and failures.</summary>
internal static class BrowserSeed
{
    public const string FailedParticipation = "part-4711";
    public const int FailedCount = 9;
    /// <summary>Waiting to retry after a 503, due long after any test ends.</summary>
    public const int RetryingCount = 4;

    private const string FailedPayload = """
        {"id":"PARTICIPATION","state":"COMPLETED","startedAt":"2026-01-10T08:00:00Z","campaign":{"id":"cmp-2001","name":"Summer quiz","channel":{"website":{"id":"web-1001","name":"Sunny Radio"}}},"result":{"score":7,"maxScore":10}}
        """;

    /// <summary>Seeds and returns the failed delivery of <see cref="FailedParticipation"/> (the newest failure).</summary>
    public static async Task<Delivery> SeedAsync(ConsoleFactory factory)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = factory.NewDb();
        db.Integrations.AddRange(
            DeliverySeed.Integration("int_acme", "Acme CRM"),
            DeliverySeed.Integration("int_mail", "Mailer sync"),
            DeliverySeed.Integration("int_data", "Data warehouse"));

        var random = new Random(42);
        var rows = new List<Delivery>();
        string[] integrations = ["int_mail", "int_data", "int_acme"];
        string[] types = ["participation.completed", "participation.started", "loyalty.points_earned", "loyalty.level_changed"];
        for (var i = 0; i < 160; i++)
        {
            var created = now.AddMinutes(-random.Next(2, 7 * 24 * 60));
            var integration = integrations[i % 3];
            var status = i < RetryingCount ? DeliveryStatus.Retrying : i < RetryingCount + 2 ? DeliveryStatus.Pending : DeliveryStatus.Succeeded;
            var d = DeliverySeed.Delivery(integration, created, status, types[i % types.Length], subjectId: $"part-{1000 + i}",
                attempts: status == DeliveryStatus.Pending ? 0 : status == DeliveryStatus.Retrying ? 2 : 1,
                lastStatusCode: status switch { DeliveryStatus.Pending => null, DeliveryStatus.Retrying => 503, _ => 200 });
            if (status == DeliveryStatus.Retrying) d = d.With(row => row with { NextAttemptAt = now.AddMinutes(25) });
            rows.Add(d);
        }
        for (var i = 0; i < FailedCount - 1; i++)
        {
            var d = DeliverySeed.Delivery("int_acme", now.AddHours(-3 - i * 11), DeliveryStatus.Failed, subjectId: $"part-9{i:000}", attempts: 8, lastStatusCode: 500);
            rows.Add(d);
        }
        var failed = DeliverySeed.Delivery("int_acme", now.AddMinutes(-95), DeliveryStatus.Failed, "participation.completed",
            subjectId: FailedParticipation, attempts: 3, lastStatusCode: 500,
            payload: FailedPayload.Replace("PARTICIPATION", FailedParticipation));
        rows.Add(failed);
        db.Deliveries.AddRange(rows);
        db.Attempts.AddRange(
            DeliverySeed.Attempt(failed, 1, null, error: "Connection refused (acme.example:443)"),
            DeliverySeed.Attempt(failed, 2, 503, body: "Service Unavailable"),
            DeliverySeed.Attempt(failed, 3, 500, body: """{"error":"database unavailable","requestId":"r-42"}"""));
        await db.SaveChangesAsync();
        return failed;
    }
}
