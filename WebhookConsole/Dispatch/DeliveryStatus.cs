namespace WebhookConsole.Dispatch;

public static class DeliveryStatus
{
    public const string Scheduled = "scheduled";
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Retrying = "retrying";
    public const string Failed = "failed";
    public static readonly string[] All = [Scheduled, Pending, Succeeded, Retrying, Failed];
}
