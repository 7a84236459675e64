using System.Text.Json.Serialization;

namespace WebhookConsole.Domain;

/// <summary>
/// The states of a delivery (<see cref="DeliveryLifecycle"/> moves between them):
/// <c>scheduled</c> (held back until its time) / <c>pending</c> / <c>retrying</c> are waiting and due at their next-attempt time;
/// <c>sending</c> is claimed by one node under a lease; <c>succeeded</c>, <c>failed</c> (retries used up),
/// <c>skipped</c> (routed to an inactive integration) and <c>superseded</c> (a replay took over) are at rest.
/// Stored, sent in JSON and accepted in filters as the lower-case name (<see cref="DeliveryStatuses"/>), never as a number.
/// </summary>
[JsonConverter(typeof(DeliveryStatusJsonConverter))]
public enum DeliveryStatus
{
    Scheduled,
    Pending,
    Sending,
    Succeeded,
    Retrying,
    Failed,
    Skipped,
    Superseded,
}
