using System.Diagnostics;

namespace WebhookConsole.Observability;

/// <summary>
/// Spans of the `WebhookConsole` activity source: ingest → route → store for an accepted request, and per attempt
/// deliver → claim → send (the HTTP client's span, whose context goes out as `traceparent`) → record. Without a
/// listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and costs nothing.
/// </summary>
public static class ConsoleTracing
{
    public const string SourceName = "WebhookConsole";
    public static readonly ActivitySource Source = new(SourceName, typeof(ConsoleTracing).Assembly.GetName().Version?.ToString());

    public const string DeliveryIdTag = "webhookconsole.delivery.id";
    public const string IntegrationIdTag = "webhookconsole.integration.id";

    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);

    /// <summary>The root of one attempt's work on the dispatcher (no request is around it).</summary>
    public static Activity? StartDelivery(string deliveryId)
    {
        var activity = Source.StartActivity("deliver", ActivityKind.Internal, parentContext: default);
        activity?.SetTag(DeliveryIdTag, deliveryId);
        return activity;
    }

    public static void Outcome(Activity? send, string integrationId, SendResult result)
    {
        if (send is null) return;
        send.SetTag(IntegrationIdTag, integrationId);
        send.SetTag("webhookconsole.outcome", ConsoleMetrics.OutcomeOf(result));
        if (result.Attempt.StatusCode is { } code) send.SetTag("http.response.status_code", code);
        if (!result.Succeeded) send.SetStatus(ActivityStatusCode.Error, result.Attempt.Error);
    }
}
