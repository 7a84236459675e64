using WebhookConsole.Dispatch;
using WebhookConsole.Routing;

namespace WebhookConsole.EventLogs;

/// <summary>How the event logs and the detail view show event types and attempts (times, JSON and statuses: <c>Components.Shared</c>).</summary>
public static class EventLogsUi
{
    public static string EventLabel(string type) => EventTypes.Label(type);

    /// <summary>Retries after the first attempt in the configured schedule (7 by default), for the status chip's "blocked after N retries".</summary>
    public static int Retries(IServiceProvider services) => (services.GetService<DeliveryOptions>() ?? new DeliveryOptions()).RetryDelays().Count;

    public static string AttemptOutcome(AttemptItem a) =>
        a.StatusCode is { } code ? $"HTTP {code}" : string.IsNullOrEmpty(a.Error) ? "No response" : a.Error;

    public static bool AttemptSucceeded(AttemptItem a) => a.StatusCode is >= 200 and < 300;
}
