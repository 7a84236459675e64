namespace WebhookConsole.Dispatch;

/// <summary>What one due sweep statement claimed, and when the next waiting delivery falls due (null: none is waiting).</summary>
public sealed record DueClaims(List<Delivery> Claimed, DateTimeOffset? NextDue);
