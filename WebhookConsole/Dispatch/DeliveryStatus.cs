namespace WebhookConsole.Dispatch;

public static class DeliveryStatus
{
    public const string Scheduled = "scheduled";
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Retrying = "retrying";
    public const string Failed = "failed";
    /// <summary>SPEC §8: taken over by a later delivery (here: an INCOMPLETE participation by its completion); never sent again.</summary>
    public const string Superseded = "superseded";
    public static readonly string[] All = [Scheduled, Pending, Succeeded, Retrying, Failed, Superseded];
}
