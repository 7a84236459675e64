namespace WebhookConsole.Dispatch;

/// <summary>
/// The states of a delivery (<see cref="DeliveryLifecycle"/> moves between them):
/// <c>scheduled</c> (held back until its time) / <c>pending</c> / <c>retrying</c> are waiting and due at their next-attempt time;
/// <c>sending</c> is claimed by one node under a lease; <c>succeeded</c>, <c>failed</c> (retries used up),
/// <c>skipped</c> (routed to an inactive integration) and <c>superseded</c> (a replay took over) are at rest.
/// </summary>
public static class DeliveryStatus
{
    public const string Scheduled = "scheduled";
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Succeeded = "succeeded";
    public const string Retrying = "retrying";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public const string Superseded = "superseded";
    public static readonly string[] All = [Scheduled, Pending, Sending, Succeeded, Retrying, Failed, Skipped, Superseded];

    /// <summary>Waiting for their next-attempt time; the due sweep claims them then. Only these can be superseded.</summary>
    public static readonly string[] Waiting = [Scheduled, Pending, Retrying];

    /// <summary><see cref="Waiting"/> as an SQL list for raw statements, built from the names above (a test keeps the two alike).</summary>
    public const string WaitingSql = $"'{Scheduled}', '{Pending}', '{Retrying}'";

    /// <summary>No attempt will follow without a replay.</summary>
    public static bool IsAtRest(string status) => status is Succeeded or Failed or Skipped or Superseded;
}
