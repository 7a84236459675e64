namespace WebhookConsole.EventLogs;

/// <summary>Query-string form of a filter, shared by the API and the CSV export. All values arrive as text and are validated here.</summary>
public sealed record DeliveryQuery(string? Status, string? IntegrationId, string? EventType, string? EventId, string? From, string? To, string? Search)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}
