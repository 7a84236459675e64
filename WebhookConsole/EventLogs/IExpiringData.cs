namespace WebhookConsole.EventLogs;

/// <summary>
/// Data of another feature that expires on its own schedule (e.g. the Inspector's request bins, `Inspector:Retention`):
/// the hourly retention run deletes it too, so features above this one register here instead of being named by it.
/// </summary>
public interface IExpiringData
{
    /// <summary>Deletes what is past its retention; returns how many items went.</summary>
    Task<int> DeleteExpiredAsync(CancellationToken ct);
}
